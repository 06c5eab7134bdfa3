// A real client flow: an application's own small Bolna client (plain fetch, knowing nothing
// of the emulator) pointed at the tenant's baseUrl and apiKey; the test drives the clock
// and reads the webhooks through the helpers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from 'bolna-emulator';

class AppBolnaClient {
  constructor(baseUrl, apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }
  async send(method, path, body) {
    const resp = await fetch(this.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${this.apiKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10000),
    });
    if (!resp.ok) throw new Error(`${method} ${path}: ${resp.status} ${await resp.text()}`);
    return resp.json();
  }
  async createAgent(name, webhookUrl) {
    const body = {
      agent_config: {
        agent_name: name, webhook_url: webhookUrl, agent_welcome_message: 'Hello {name}',
        tasks: [{ task_type: 'conversation', toolchain: { execution: 'parallel', pipelines: [['transcriber', 'llm', 'synthesizer']] } }],
      },
      agent_prompts: { task_1: { system_prompt: 'You sell solar panels.' } },
    };
    return (await this.send('POST', '/v2/agent', body)).agent_id;
  }
  async call(agentId, number, name) {
    return (await this.send('POST', '/call', { agent_id: agentId, recipient_phone_number: number, user_data: { name } })).execution_id;
  }
  execution(id) {
    return this.send('GET', `/executions/${id}`);
  }
}

const NUMBERS = { '+12025550100': 'completed', '+12025550110': 'busy', '+12025550111': 'no-answer', '+14155550114': 'completed' };

let emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator.stop());

test('a campaign through a real client', async () => {
  const tenant = emulator.tenant();
  const app = new AppBolnaClient(tenant.baseUrl, tenant.apiKey);
  const sink = tenant.sink();
  const agentId = await app.createAgent('Solar', sink.url);
  const calls = {};
  let i = 0;
  for (const number of Object.keys(NUMBERS)) calls[await app.call(agentId, number, `Customer ${i++}`)] = number;
  const ids = Object.keys(calls);

  for (const id of ids) assert.equal((await app.execution(id)).status, 'queued');
  const moved = await tenant.advance(10);
  assert.deepEqual(new Set(moved.events.map((e) => e.execution_id)), new Set(ids));

  await tenant.runUntilIdle();
  for (const [id, number] of Object.entries(calls)) {
    const final = await sink.waitFor((b) => b.id === id && b.status === NUMBERS[number]);
    assert.deepEqual(final, await app.execution(id));
  }
  const bodies = await sink.bodies();
  for (const id of ids) {
    const statuses = bodies.filter((b) => b.id === id).map((b) => b.status);
    assert.equal(statuses[0], 'queued');
    assert.equal(statuses.at(-1), NUMBERS[calls[id]]);
    assert.equal(new Set(statuses).size, statuses.length);
  }
  const answered = bodies.filter((b) => b.status === 'completed');
  assert.equal(answered.length, 2);
  assert.equal(answered.filter((b) => b.answered_by_voice_mail).length, 1);
  const human = answered.find((b) => !b.answered_by_voice_mail);
  assert.match(JSON.stringify(human.transcript), /Customer 0/);
  const spent = answered.reduce((sum, b) => sum + b.total_cost, 0);
  assert.ok(Math.abs((await tenant.wallet.get()).balance_cents - (10000 - spent)) < 0.01);
  assert.deepEqual((await tenant.requests({ method: 'POST', path: '/call' })).map((e) => e.status), [200, 200, 200, 200]);
  await tenant.cleanup();
});
