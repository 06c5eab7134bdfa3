// Tenant: every control-API helper against the real binary, on the manual clock.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, EmulatorError, EmulatorTimeout } from 'bolna-emulator';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let emulator;
let tenant;
const used = [];
before(async () => {
  emulator = await startEmulator({ scenariosDir: join(REPO, 'scenarios'), adminToken: 'node-admin' });
});
after(() => emulator.stop());
// a fresh tenant per test, cleaned up after it (what a fixture would do)
const fresh = () => {
  tenant = emulator.tenant();
  used.push(tenant);
  return tenant;
};
afterEach(async () => {
  while (used.length) await used.pop().cleanup();
});

const isError = (status, pattern) => (err) => {
  assert.ok(err instanceof EmulatorError, String(err));
  assert.equal(err.status, status);
  if (pattern) assert.match(err.apiMessage, pattern);
  return true;
};

test('clock: show, set, advance by seconds and to a time, mode', async () => {
  const t = fresh();
  const clock = await t.clock();
  assert.equal(clock.mode, 'manual');
  assert.equal(clock.pending, 0);
  await t.setClock({ now: '2026-06-23T12:00:00+00:00' });
  assert.match((await t.advance(90)).now, /^2026-06-23T12:01:30/);
  assert.match((await t.advance({ seconds: 600 })).now, /^2026-06-23T12:11:30/);
  assert.match((await t.advance({ to: new Date(Date.UTC(2026, 5, 24)) })).now, /^2026-06-24T00:00:00/);
  assert.equal((await t.setClock({ mode: 'realtime', speed: 5 })).speed, 5);
  assert.equal((await t.setClock({ mode: 'manual' })).mode, 'manual');
  assert.throws(() => t.advance(), TypeError);
});

test('advance and runUntilIdle move a call; timeline shows it', async () => {
  const t = fresh();
  const agentId = await t.createAgent();
  const executionId = await t.placeCall(agentId);
  assert.equal((await t.execution(executionId)).status, 'queued');
  const moved = await t.advance(3);
  assert.deepEqual(moved.events.map((e) => e.to), ['initiated', 'ringing']);
  const idle = await t.runUntilIdle();
  assert.equal(idle.idle, true);
  assert.equal((await t.execution(executionId)).status, 'completed');
  const timeline = await t.timeline(executionId);
  assert.equal(timeline.outcome, 'completed');
  assert.deepEqual(timeline.timeline.map((c) => c.to),
    ['queued', 'initiated', 'ringing', 'in-progress', 'call-disconnected', 'completed']);
});

test('errors carry the emulator error body', async () => {
  const t = fresh();
  await assert.rejects(t.timeline('nope'), (err) => {
    isError(404, /Execution not found/)(err);
    assert.deepEqual(err.body, { error: 404, message: 'Execution not found' });
    return true;
  });
  await assert.rejects(t.post('/call', {}), (err) => err.body.error === 1001);
  await assert.rejects(t.advance(-1), isError(400, /seconds must be/));
});

test('reset and wallet', async () => {
  const t = fresh();
  assert.deepEqual(await t.wallet.get(), { balance: 100, balance_cents: 10000 });
  assert.equal((await t.wallet.set({ balance: 12.5 })).balance_cents, 1250);
  assert.equal((await t.wallet.set({ cents: 99 })).balance, 0.99);
  assert.throws(() => t.wallet.set({}), TypeError);
  await t.createAgent();
  await t.reset();
  assert.deepEqual(await t.get('/v2/agent/all'), []);
  assert.equal((await t.wallet.get()).balance, 100);
  assert.equal((await t.setConcurrency(3)).max, 3);
  assert.equal((await t.concurrency()).max, 3);
});

test('loadScenario by name, object and local file; admin all', async () => {
  const t = fresh();
  assert.equal((await t.loadScenario('voicemail-heavy')).name, 'voicemail-heavy');
  assert.equal((await t.loadScenario({ magic_numbers: false, default: 'busy' })).default, 'busy');
  const agentId = await t.createAgent();
  const executionId = await t.placeCall(agentId, '+12025550100');
  await t.runUntilIdle();
  assert.equal((await t.execution(executionId)).status, 'busy');
  const dir = mkdtempSync(join(tmpdir(), 'bolna-node-'));
  try {
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify({ name: 'mine', default: 'no-answer' }));
    assert.equal((await t.loadScenario(file)).name, 'mine');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal((await t.resetScenario()).scope, 'startup');
  await assert.rejects(t.loadScenario('no-such-scenario'), isError(404));
  await assert.rejects(t.loadScenario({ default: 'nope' }), (err) => err.status === 400 && err.body.path.startsWith('$'));
  try {
    assert.equal((await t.loadScenario('carrier-outage', { all: true })).scope, 'startup');
    assert.equal((await emulator.tenant().scenario()).name, 'carrier-outage');
  } finally {
    await t.loadScenario(join(REPO, 'scenarios', 'default.json'), { all: true });
  }
});

test('forceOutcome header and placeCall outcome', async () => {
  const t = fresh();
  const agentId = await t.createAgent();
  const a = (await t.post('/call', { agent_id: agentId, recipient_phone_number: '+919876543210' },
    { headers: t.forceOutcome('no-answer') })).execution_id;
  const b = await t.placeCall(agentId, '+919876543210', { outcome: 'voicemail' });
  await t.runUntilIdle();
  assert.equal((await t.execution(a)).status, 'no-answer');
  assert.equal((await t.execution(b)).answered_by_voice_mail, true);
  await assert.rejects(t.placeCall(agentId, '+919876543210', { outcome: 'nonsense' }), isError(400));
});

test('sink: webhooks arrive, waitFor is bounded', async () => {
  const t = fresh();
  const sink = t.sink();
  assert.equal(sink.url, `${t.baseUrl}/__emulator/sink/${encodeURIComponent(sink.name)}`);
  await assert.rejects(sink.waitFor(undefined, { timeout: 200 }), (err) => err instanceof EmulatorTimeout && err.seen.length === 0);
  const agentId = await t.createAgent({ webhook_url: sink.url });
  const executionId = await t.placeCall(agentId, '+12025550114');
  assert.equal((await sink.waitFor((b) => b.status === 'queued')).id, executionId);
  await t.runUntilIdle();
  assert.equal((await sink.waitFor((b) => b.status === 'completed')).answered_by_voice_mail, true);
  assert.deepEqual((await sink.waitForCount(6)).map((b) => b.status),
    ['queued', 'initiated', 'ringing', 'in-progress', 'call-disconnected', 'completed']);
  await sink.clear();
  assert.deepEqual(await sink.bodies(), []);
});

test('requests: the journal, filtered', async () => {
  const t = fresh();
  const agentId = await t.createAgent();
  await assert.rejects(t.post('/call', {}));
  await t.placeCall(agentId);
  assert.deepEqual((await t.requests({ method: 'POST', path: '/call' })).map((e) => e.status), [400, 200]);
  assert.deepEqual((await t.requests({ status: '4xx' })).map((e) => e.status), [400]);
  const last = await t.requests({ limit: 1 });
  assert.equal(last.length, 1);
  assert.deepEqual(await t.requests({ since: last[0].seq }), []);
  assert.equal((await t.journal()).size, 3);
  assert.equal((await t.clearRequests()).deleted, 3);
  await assert.rejects(t.requests({ status: 'abc' }), isError(400));
});

test('faults: add, fire, list, remove, clear', async () => {
  const t = fresh();
  const fault = await t.faults.add({ method: 'POST', path: '/call', status: 503, count: 1 });
  assert.equal(fault.id, 'flt_1');
  const agentId = await t.createAgent();
  await assert.rejects(t.placeCall(agentId), (err) => {
    isError(503, /injected fault flt_1/)(err);
    assert.equal(err.headers['x-emulator-fault'], 'flt_1');
    return true;
  });
  await t.placeCall(agentId);
  assert.deepEqual(await t.faults.list(), []);
  const second = await t.faults.add({ path: '/v2/agent/*', status: 429 });
  assert.deepEqual((await t.faults.list()).map((f) => f.id), [second.id]);
  assert.deepEqual(await t.faults.remove(second.id), { deleted: 1 });
  await t.faults.add({ path: '/executions/*', delay_ms: 1 });
  assert.deepEqual(await t.faults.clear(), { deleted: 1 });
  await assert.rejects(t.faults.add({ path: '/call' }), isError(400));
});

test('webhooks: flush, list, redeliver, extra headers', async () => {
  const t = fresh();
  const sink = t.sink();
  const agentId = await t.createAgent({ webhook_url: sink.url });
  assert.deepEqual((await t.webhooks.setHeaders(agentId, { 'X-Api-Key': 'abc' })).headers, { 'X-Api-Key': 'abc' });
  assert.deepEqual((await t.webhooks.getHeaders(agentId)).headers, { 'X-Api-Key': 'abc' });
  const executionId = await t.placeCall(agentId, '+12025550110');
  await t.runUntilIdle();
  const flushed = await t.webhooks.flush();
  assert.equal(flushed.done, true);
  const attempts = await t.webhooks.attempts({ executionId });
  assert.ok(attempts.length > 0 && attempts.every((a) => a.result === 'delivered'));
  assert.equal(attempts.at(-1).status, 'busy');
  assert.equal((await t.webhooks.redeliver(attempts.at(-1).id)).redelivery_of, attempts.at(-1).id);
  await t.webhooks.flush();
  assert.deepEqual((await sink.bodies()).map((b) => b.status).slice(-2), ['busy', 'busy']);
  assert.equal((await t.timeline(executionId)).deliveries.length, attempts.length + 1);
});
