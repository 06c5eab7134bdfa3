// The dashboard in a real browser: Debian's chromium, headless, driven by puppeteer-core.
// Starts the emulator binary (manual clock) on a free loopback port, places calls through
// the API, logs in on the page, watches the rows move as the clock is advanced from the
// page's own buttons, opens one execution and checks its timeline and webhook rows, and
// saves screenshots under tests/browser/screenshots/. Run by scripts/test-browser.sh.
//
// Environment: BOLNA_EMULATOR_BINARY (default ../../build/bolna-emulator), CHROMIUM
// (default /usr/bin/chromium). No test waits on the wall clock for a transition: every
// wait below is a bounded wait for the page to show what the (manual) clock already did.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = process.env.BOLNA_EMULATOR_BINARY || path.join(here, '../../build/bolna-emulator');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = path.join(here, 'screenshots');
const KEY = 'bn-browser';
const ADMIN = 'browser-admin';
const WAIT = { timeout: 15000 };

let emulator;
let base;
let browser;
let page;
const consoleErrors = [];

async function api(method, p, body, headers = {}) {
  const res = await fetch(base + p, {
    method,
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--port', '0', '--clock', 'manual', '--seed', '7',
      '--admin-token', ADMIN, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => reject(new Error('the emulator did not start in 20 s')), 20000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1] }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the emulator exited with ${code}`)); });
  });
}

// The statuses shown in the executions table, by execution id.
async function shownStatuses() {
  return page.$$eval('#exec-table tbody tr', (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.exec, r.querySelector('td[data-status]').dataset.status])));
}

async function waitForStatuses(expected) {
  await page.waitForFunction((exp) => {
    const rows = [...document.querySelectorAll('#exec-table tbody tr')];
    const got = Object.fromEntries(rows.map((r) => [r.dataset.exec, r.querySelector('td[data-status]').dataset.status]));
    return Object.entries(exp).every(([id, s]) => got[id] === s);
  }, WAIT, expected);
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  ({ child: emulator, url: base } = await startEmulator());
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 760 });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
});

after(async () => {
  if (browser) await browser.close();
  if (emulator) emulator.kill('SIGTERM');
});

test('dashboard: calls move live as the page advances the clock; one execution shows its timeline and webhooks', async () => {
  await api('POST', '/__emulator/clock', { now: '2026-06-23T12:00:00+00:00', force: true });
  const agent = await api('POST', '/v2/agent', {
    agent_config: {
      agent_name: 'Browser demo', webhook_url: `${base}/__emulator/sink/browser`,
      tasks: [{ task_type: 'conversation', toolchain: { execution: 'parallel', pipelines: [['transcriber', 'llm', 'synthesizer']] } }],
    },
    agent_prompts: { task_1: { system_prompt: 'You are helpful.' } },
  });
  const call = async (to) => (await api('POST', '/call', { agent_id: agent.agent_id, recipient_phone_number: to })).execution_id;

  // Log in: the key is asked for once and remembered.
  await page.goto(`${base}/__emulator/ui`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login:not([hidden])', WAIT);
  await page.type('#login-key', KEY);
  await page.type('#login-admin', ADMIN);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#live.on', WAIT);
  await page.waitForSelector('#exec-empty:not([hidden])', WAIT);

  // Calls placed through the API appear on the open page by themselves.
  const done = await call('+14155550100');      // completed
  const busy = await call('+14155550110');      // busy
  const voicemail = await call('+14155550114'); // completed, answered by voicemail
  await waitForStatuses({ [done]: 'queued', [busy]: 'queued', [voicemail]: 'queued' });
  assert.equal(await page.$eval('#clock-mode', (e) => e.textContent), 'manual');
  assert.equal(await page.$eval('#clock-now', (e) => e.textContent), '2026-06-23 12:00:00');
  // Admin: the tenant switch lists this tenant.
  assert.ok((await page.$$eval('#tenant-select option', (o) => o.map((x) => x.value))).includes(KEY));

  // +10 s from the page's own button: the stream moves the rows (no reload, no polling).
  await page.click('button[data-advance="10"]');
  await waitForStatuses({ [done]: 'in-progress', [busy]: 'busy', [voicemail]: 'ringing' });
  await page.waitForFunction(() => document.querySelector('#clock-now').textContent === '2026-06-23 12:00:10', WAIT);
  await page.screenshot({ path: path.join(shots, 'dashboard-executions-moving.png') });

  // A call placed meanwhile through the API shows up on top, live.
  const late = await call('+14155550111');  // no-answer
  await page.waitForFunction((id) => document.querySelector('#exec-table tbody tr')?.dataset.exec === id, WAIT, late);

  await page.click('#run-idle');
  await waitForStatuses({ [done]: 'completed', [busy]: 'busy', [voicemail]: 'completed', [late]: 'no-answer' });
  await page.waitForFunction(() => document.querySelector('#clock-pending').textContent === '0', WAIT);

  // The status filter.
  await page.select('#f-status', 'completed');
  const filtered = await shownStatuses();
  assert.deepEqual(Object.values(filtered).sort(), ['completed', 'completed']);
  await page.select('#f-status', '');
  await page.screenshot({ path: path.join(shots, 'dashboard-executions.png'),
    clip: { x: 0, y: 0, width: 1280, height: 400 } });

  // One execution: timeline with virtual times and bodies, webhook attempts with codes.
  await page.click(`#exec-table tbody tr[data-exec="${done}"]`);
  await page.waitForSelector('#timeline-table tbody tr', WAIT);
  const steps = await page.$$eval('#timeline-table tbody tr', (rows) => rows.map((r) =>
    [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));
  const tos = await page.$$eval('#timeline-table tbody td[data-to]', (tds) => tds.map((t) => t.dataset.to));
  assert.deepEqual(tos, ['queued', 'initiated', 'ringing', 'in-progress', 'call-disconnected', 'completed']);
  assert.equal(steps[0][0], '2026-06-23 12:00:00');
  assert.equal(steps[1][0], '2026-06-23 12:00:01');
  assert.equal(steps[1][1].replace(/\s+/g, ' '), 'queued → initiated');
  // Every status was seen live, so each has its body.
  assert.equal(await page.$$eval('#timeline-table details', (d) => d.length), 6);
  // Deliveries are posted off the request path: flush, then the page shows all six.
  await api('POST', '/__emulator/webhooks/flush', { timeout_ms: 10000 });
  await page.waitForFunction(() => document.querySelectorAll('#detail-webhooks tbody tr').length === 6, WAIT);
  const codes = await page.$$eval('#detail-webhooks tbody tr td.code', (tds) => tds.map((t) => t.textContent.trim()));
  assert.deepEqual(codes, ['200', '200', '200', '200', '200', '200']);
  const recording = await page.$eval('#recording-link', (a) => a.getAttribute('href'));
  assert.equal(recording, `${base}/recordings/call/${done}`);
  await page.setViewport({ width: 1280, height: 1000 });
  await page.screenshot({ path: path.join(shots, 'dashboard-execution.png') });
  await page.$eval('#timeline-table tbody tr:nth-child(3) details', (d) => { d.open = true; });
  assert.match(await page.$eval('#timeline-table tbody tr:nth-child(3) pre', (p) => p.textContent), /"status": "ringing"/);
  await page.setViewport({ width: 1280, height: 760 });

  // Redeliver from the page: a new attempt appears through the stream.
  await page.click('#detail-webhooks tbody tr:first-child [data-redeliver]');
  await api('POST', '/__emulator/webhooks/flush', { timeout_ms: 10000 });
  await page.waitForFunction(() => document.querySelectorAll('#detail-webhooks tbody tr').length === 7, WAIT);

  // The other views render.
  for (const [tab, selector] of [['batches', '#view-batches.active'], ['agents', '#agent-table tbody tr'],
    ['numbers', '#number-table tbody tr'], ['webhooks', '#wh-table tbody tr'],
    ['requests', '#req-table tbody tr'], ['setup', '#scenario-box dl'], ['call', '#call-agent option']]) {
    await page.click(`#tabs a[data-tab="${tab}"]`);
    await page.waitForSelector(selector, WAIT);
    await page.screenshot({ path: path.join(shots, `dashboard-tab-${tab}.png`) });
  }
  await page.screenshot({ path: path.join(shots, 'dashboard-call-form.png') });

  // Place a test call from the form, with the magic-number picker, and watch it queue.
  await page.select('#call-magic', '10');
  assert.equal(await page.$eval('#call-recipient', (e) => e.value), '+14155550110');
  await page.click('#call-submit');
  await page.waitForFunction(() => !document.querySelector('#call-result').hidden &&
    document.querySelector('#call-result').textContent.includes('execution_id'), WAIT);
  const placed = JSON.parse(await page.$eval('#call-result', (e) => e.textContent)).execution_id;
  await page.click('#tabs a[data-tab="executions"]');
  await waitForStatuses({ [placed]: 'queued' });

  // Batches: counts move as the clock runs.
  const form = new FormData();
  form.append('agent_id', agent.agent_id);
  form.append('file', new Blob(['contact_number,name\n+14155550100,Ana\n+14155550110,Bo\n+14155550114,Cy\n']), 'rows.csv');
  const up = await fetch(`${base}/batches`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}` }, body: form });
  assert.equal(up.status, 201);
  const batchId = (await up.json()).batch_id;
  await page.click('#tabs a[data-tab="batches"]');
  await page.waitForFunction((id) => document.querySelector(`#batch-table tr[data-batch="${id}"]`)?.textContent.includes('prepared 3'), WAIT, batchId);
  const sched = new FormData();
  sched.append('scheduled_at', '2026-06-23T12:30:00+00:00');
  const s = await fetch(`${base}/batches/${batchId}/schedule`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}` }, body: sched });
  assert.equal(s.status, 200, await s.text());
  await page.click('#run-idle');
  await page.waitForFunction((id) => {
    const t = document.querySelector(`#batch-table tr[data-batch="${id}"]`)?.textContent || '';
    return t.includes('completed') && t.includes('completed 2') && t.includes('busy 1');
  }, WAIT, batchId);
  await page.screenshot({ path: path.join(shots, 'dashboard-batches.png') });

  assert.deepEqual(consoleErrors, []);
});
