// Test helpers for the bolna-emulator (an emulator of the Bolna voice-AI calling API):
// start or connect to an emulator and drive one tenant of it (clock, reset, wallet,
// scenario, sink, journal, faults, webhooks, timeline). ESM, Node 18+, no dependencies.
// For tests and scripts; types in index.d.ts.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const BINARY_NAME = 'bolna-emulator';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The smallest agent the emulator (and Bolna) accepts; createAgent() copies it. */
export const MINIMAL_AGENT = Object.freeze({
  agent_config: {
    agent_name: 'Test agent',
    tasks: [
      {
        task_type: 'conversation',
        toolchain: { execution: 'parallel', pipelines: [['transcriber', 'llm', 'synthesizer']] },
      },
    ],
  },
  agent_prompts: { task_1: { system_prompt: 'You are helpful.' } },
});

/** A non-2xx answer (or no answer: status 0) from the emulator, with its error body. */
export class EmulatorError extends Error {
  constructor(method, url, status, body, headers = {}) {
    const message =
      body && typeof body === 'object' ? String(body.message ?? body.detail ?? JSON.stringify(body)) : String(body);
    super(`${method} ${url} -> ${status}: ${message}`);
    this.name = 'EmulatorError';
    this.method = method;
    this.url = url;
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.apiMessage = message;
  }
}

/** A bounded wait (ready, sink.waitFor, webhooks.flush) ran out of time. */
export class EmulatorTimeout extends EmulatorError {
  constructor(what, seen) {
    super('WAIT', '', 0, what);
    this.name = 'EmulatorTimeout';
    this.message = what;
    this.seen = seen;
  }
}

function encodeQuery(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function parse(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One JSON request; resolves to the parsed answer, rejects with EmulatorError on >= 400. */
export async function request(method, url, { body, headers = {}, timeout = 30000, raw = false } = {}) {
  let status;
  let respHeaders;
  let text;
  try {
    ({ status, headers: respHeaders, text } = await send(method, url, body, headers, timeout));
  } catch (err) {
    throw new EmulatorError(method, url, 0, `no answer: ${err.message}`);
  }
  if (raw) return { status, headers: respHeaders, text };
  const parsed = parse(text);
  if (status >= 400) throw new EmulatorError(method, url, status, parsed, respHeaders);
  return parsed;
}

// One request on its own connection (Connection: close), so that no idle keep-alive
// connection holds the emulator's shutdown or waits on delayed ACKs.
function send(method, url, body, headers, timeout) {
  return new Promise((res, rej) => {
    const target = new URL(url);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const allHeaders = { Accept: 'application/json', Connection: 'close', ...headers };
    if (payload) {
      allHeaders['Content-Type'] = 'application/json';
      allHeaders['Content-Length'] = payload.length;
    }
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.request(target, { method, headers: allHeaders, agent: false }, (resp) => {
      const chunks = [];
      resp.on('data', (c) => chunks.push(c));
      resp.on('end', () => {
        clearTimeout(timer);
        res({ status: resp.statusCode, headers: resp.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      resp.on('error', fail);
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${timeout} ms`)), timeout);
    function fail(err) {
      clearTimeout(timer);
      rej(err);
    }
    req.on('error', fail);
    req.end(payload);
  });
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The emulator executable: `binary` if given, else $BOLNA_EMULATOR_BINARY, else
 * `bolna-emulator` on PATH, else `build/bolna-emulator` under the current directory or the
 * repository these helpers live in.
 */
export function findBinary(binary) {
  const candidates = [];
  if (binary) candidates.push([binary, 'argument']);
  else if (process.env.BOLNA_EMULATOR_BINARY) candidates.push([process.env.BOLNA_EMULATOR_BINARY, 'BOLNA_EMULATOR_BINARY']);
  else {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push([join(dir, BINARY_NAME), 'PATH']);
    candidates.push([join(process.cwd(), 'build', BINARY_NAME), 'build/']);
    candidates.push([join(REPO_ROOT, 'build', BINARY_NAME), 'build/']);
  }
  for (const [path] of candidates) if (executable(path)) return path;
  const tried = candidates.filter(([, s]) => s !== 'PATH').map(([p, s]) => `${p} (${s})`);
  if (!binary && !process.env.BOLNA_EMULATOR_BINARY) tried.unshift(`${BINARY_NAME} on PATH`);
  throw new EmulatorError(
    'FIND',
    BINARY_NAME,
    0,
    `bolna-emulator binary not found; tried: ${tried.join(', ')}. Pass binary, set BOLNA_EMULATOR_BINARY, or build it (scripts/build.sh).`,
  );
}

// {scenariosDir: 'x', rateLimits: true, seed: 7} -> ['--scenarios-dir', 'x', '--rate-limits', '--seed', '7']
function optionArgs(options) {
  const args = [];
  for (const [name, value] of Object.entries(options)) {
    const flag = '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()).replace(/_/g, '-');
    if (value === undefined || value === null || value === false) continue;
    if (value === true) args.push(flag);
    else if (Array.isArray(value)) for (const v of value) args.push(flag, String(v));
    else args.push(flag, String(value));
  }
  return args;
}

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the binary on a free loopback port (`--port 0`) and resolves once it is ready.
 * `clock` is the clock mode of new tenants ('manual' by default; null keeps the binary's).
 * Other options become flags: {scenariosDir: 'scenarios'} -> --scenarios-dir scenarios,
 * {rateLimits: true} -> --rate-limits. BOLNA_EMULATOR_* variables of this process are not
 * passed on; `env` is added.
 */
export async function startEmulator(opts = {}) {
  const { binary, host = '127.0.0.1', port = 0, clock = 'manual', args = [], env = {}, readyTimeout = 30000, ...options } = opts;
  const path = findBinary(binary);
  if (clock) options.clock = clock;
  options.logLevel ??= 'warn';
  const argv = ['--host', host, '--port', String(port), ...optionArgs(options), ...args];
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOLNA_EMULATOR_')));
  Object.assign(childEnv, env);
  const child = spawn(path, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv });
  running.add(child);
  const output = [];
  const keep = (line) => {
    output.push(line);
    if (output.length > 200) output.shift();
  };
  const exited = new Promise((res) => child.once('exit', (code, sig) => res(code ?? 128 + (sig === 'SIGKILL' ? 9 : 15))));
  exited.then(() => running.delete(child));
  const url = await new Promise((res) => {
    let buffer = '';
    let found = false;
    const timer = setTimeout(() => res(null), readyTimeout);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        keep(line);
        if (!found && line.startsWith('listening on ')) {
          found = true;
          clearTimeout(timer);
          res(line.slice('listening on '.length).trim());
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => chunk.split('\n').filter(Boolean).forEach(keep));
    child.once('error', (err) => {
      keep(String(err));
      clearTimeout(timer);
      res(null);
    });
    exited.then(() => {
      clearTimeout(timer);
      // give the last output a moment to arrive before reporting the exit
      setTimeout(() => res(null), 50);
    });
  });
  const emulator = new Emulator(url ?? '', { process: child, adminToken: options.adminToken, output, exited });
  if (!url) {
    const code = child.exitCode;
    await emulator.stop();
    const why = code !== null ? `exited with code ${code}` : `did not listen within ${readyTimeout} ms`;
    throw new EmulatorError('START', [path, ...argv].join(' '), 0, `bolna-emulator ${why}:\n${output.join('\n')}`);
  }
  // A forgotten emulator must not keep the test process alive (it is killed at exit).
  child.unref();
  child.stdout.unref?.();
  child.stderr.unref?.();
  try {
    await emulator.waitReady(readyTimeout);
  } catch (err) {
    await emulator.stop();
    throw err;
  }
  return emulator;
}

/** Uses an emulator that is already running (`url` or $BOLNA_EMULATOR_URL), once ready. */
export async function connectEmulator(url = process.env.BOLNA_EMULATOR_URL, { adminToken, readyTimeout = 10000 } = {}) {
  if (!url) throw new TypeError('connectEmulator() needs a url (or BOLNA_EMULATOR_URL)');
  const emulator = new Emulator(url, { adminToken: adminToken ?? process.env.BOLNA_EMULATOR_ADMIN_TOKEN });
  await emulator.waitReady(readyTimeout);
  return emulator;
}

let keyCounter = 0;

export class Emulator {
  constructor(url, { process: child = null, adminToken, output = [], exited } = {}) {
    this.url = url.replace(/\/+$/, '');
    this.process = child;
    this.adminToken = adminToken;
    this._output = output;
    this._exited = exited;
  }

  /** The last lines the started binary printed (stdout and stderr). */
  get output() {
    return this._output.join('\n');
  }

  async ready() {
    const { status } = await request('GET', `${this.url}/__emulator/ready`, { raw: true, timeout: 2000 });
    return status === 200;
  }

  health() {
    return request('GET', `${this.url}/__emulator/health`);
  }

  /** Polls GET /__emulator/ready (every 50 ms) until it answers 200. */
  async waitReady(timeout = 10000) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        if (await this.ready()) return;
      } catch (err) {
        last = err;
      }
      if (this.process && this.process.exitCode !== null)
        throw new EmulatorError('GET', `${this.url}/__emulator/ready`, 0, `the emulator exited with code ${this.process.exitCode}:\n${this.output}`);
      if (Date.now() >= deadline) throw new EmulatorTimeout(`${this.url} was not ready within ${timeout} ms (${last?.message ?? 'not ready'})`);
      await sleep(50);
    }
  }

  /** Stops a started emulator (SIGTERM, SIGKILL after `timeout` ms); resolves to its exit code. */
  async stop(timeout = 10000) {
    if (!this.process) return null;
    const child = this.process;
    if (child.exitCode === null && child.signalCode === null) {
      child.ref();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
      await this._exited;
      clearTimeout(timer);
    }
    return this._exited;
  }

  /** A key no other test uses: its own tenant. */
  newKey(prefix = 'bn-test') {
    return `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 12)}-${++keyCounter}`;
  }

  /** A handle on one tenant; a fresh unique key unless `key` is given. */
  tenant(key) {
    return new Tenant(this, key ?? this.newKey());
  }

  /** The built-in webhook sink `name` (global; a fresh unique name by default). */
  sink(name) {
    return new Sink(this, name ?? `sink-${randomUUID().slice(0, 12)}`);
  }

  /** POST /__emulator/reset {"all": true}: every tenant and every sink (admin token). */
  resetAll(adminToken = this.adminToken) {
    if (!adminToken) throw new TypeError('resetAll() needs the admin token (startEmulator({adminToken}))');
    return request('POST', `${this.url}/__emulator/reset`, { body: { all: true }, headers: { 'X-Emulator-Admin-Token': adminToken } });
  }
}

const seg = (s) => encodeURIComponent(String(s));
const iso = (v) => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : String(v));

/** One tenant (API key) of an emulator. Every method returns a promise of the parsed answer. */
export class Tenant {
  constructor(emulator, key) {
    this.emulator = emulator;
    this.apiKey = key;
    this.baseUrl = emulator.url;
    this.faults = new Faults(this);
    this.webhooks = new Webhooks(this);
    this.wallet = new Wallet(this);
    this._sinks = [];
    this._sinkCounter = 0;
  }

  /** The Authorization header (and X-Emulator-Outcome with `outcome`). */
  headers(outcome) {
    return { Authorization: `Bearer ${this.apiKey}`, ...(outcome ? this.forceOutcome(outcome) : {}) };
  }

  request(method, path, { body, query, headers, timeout } = {}) {
    return request(method, this.baseUrl + path + encodeQuery(query), { body, headers: { ...this.headers(), ...headers }, timeout });
  }
  get(path, opts) {
    return this.request('GET', path, opts);
  }
  post(path, body = {}, opts) {
    return this.request('POST', path, { ...opts, body });
  }
  put(path, body = {}, opts) {
    return this.request('PUT', path, { ...opts, body });
  }
  patch(path, body = {}, opts) {
    return this.request('PATCH', path, { ...opts, body });
  }
  delete(path, opts) {
    return this.request('DELETE', path, opts);
  }

  /** POST /v2/agent with a minimal valid agent (`name`, then any agent_config fields); resolves to its agent_id. */
  async createAgent({ name = 'Test agent', ...agentConfig } = {}) {
    const body = structuredClone(MINIMAL_AGENT);
    body.agent_config.agent_name = name;
    Object.assign(body.agent_config, agentConfig);
    return (await this.post('/v2/agent', body)).agent_id;
  }

  /** POST /call (with X-Emulator-Outcome for `outcome`); resolves to the execution_id. */
  async placeCall(agentId, to = '+919876543210', { outcome, ...fields } = {}) {
    const body = { agent_id: agentId, recipient_phone_number: to, ...fields };
    return (await this.post('/call', body, { headers: outcome ? this.forceOutcome(outcome) : {} })).execution_id;
  }

  execution(executionId) {
    return this.get(`/executions/${seg(executionId)}`);
  }

  /** The header that forces a call's outcome: pass it to POST /call. */
  forceOutcome(outcome) {
    return { 'X-Emulator-Outcome': outcome };
  }

  clock() {
    return this.get('/__emulator/clock');
  }

  /** advance(90) or advance({to: '2026-06-23T12:00:00+00:00', maxEvents}): every transition due on the way has happened when it resolves. */
  advance(arg, { maxEvents } = {}) {
    let body;
    if (typeof arg === 'number') body = { seconds: arg };
    else if (arg && arg.to !== undefined) {
      body = { to: iso(arg.to) };
      maxEvents = arg.maxEvents ?? maxEvents;
    } else if (arg && arg.seconds !== undefined) {
      body = { seconds: arg.seconds };
      maxEvents = arg.maxEvents ?? maxEvents;
    } else throw new TypeError('advance() takes seconds or {to}');
    if (maxEvents !== undefined) body.max_events = maxEvents;
    return this.post('/__emulator/clock/advance', body);
  }

  /** Advances until nothing is pending; the answer has `idle`. */
  runUntilIdle({ maxSeconds, maxEvents } = {}) {
    const body = {};
    if (maxSeconds !== undefined) body.max_seconds = maxSeconds;
    if (maxEvents !== undefined) body.max_events = maxEvents;
    return this.post('/__emulator/clock/run-until-idle', body);
  }

  /** POST /__emulator/clock: {now, mode: 'manual'|'realtime', speed, force}. */
  setClock({ now, mode, speed, force } = {}) {
    const body = {};
    if (now !== undefined) body.now = iso(now);
    if (mode !== undefined) body.mode = mode;
    if (speed !== undefined) body.speed = speed;
    if (force !== undefined) body.force = force;
    return this.post('/__emulator/clock', body);
  }

  /** Wipes the tenant; sinks are global (see Sink.clear()). */
  reset() {
    return this.post('/__emulator/reset', {});
  }

  /** reset() and clear every sink made with sink(). */
  async cleanup() {
    try {
      await this.reset();
    } finally {
      await Promise.all(this._sinks.map((s) => s.clear()));
    }
  }

  concurrency() {
    return this.get('/__emulator/concurrency');
  }
  setConcurrency(max) {
    return this.put('/__emulator/concurrency', { max });
  }

  scenario() {
    return this.get('/__emulator/scenario');
  }

  /**
   * Loads a scenario: an object (the scenario), a path to an existing local JSON file, or the
   * name of a file in the emulator's --scenarios-dir ('sales-campaign'). With {all: true}
   * (admin token) it becomes every tenant's startup scenario.
   */
  loadScenario(scenario, { all = false, adminToken = this.emulator.adminToken } = {}) {
    let body;
    if (scenario && typeof scenario === 'object' && !(scenario instanceof URL)) body = scenario;
    else if (scenario instanceof URL || existsSync(String(scenario))) body = JSON.parse(readFileSync(scenario, 'utf8'));
    else body = { file: String(scenario) };
    if (!all) return this.put('/__emulator/scenario', body);
    if (!adminToken) throw new TypeError('loadScenario({all: true}) needs the admin token');
    return this.put('/__emulator/scenario', body, { query: { all: 'true' }, headers: { 'X-Emulator-Admin-Token': adminToken } });
  }

  resetScenario() {
    return this.delete('/__emulator/scenario');
  }

  /** A built-in webhook sink (a name unique to this tenant by default); waitFor() flushes this tenant's webhooks first. */
  sink(name) {
    const sink = new Sink(this.emulator, name ?? `${this.apiKey}-${++this._sinkCounter}`, this);
    this._sinks.push(sink);
    return sink;
  }

  /** The request journal's entries, filtered: {method, path, status, since, limit}. */
  async requests(filter = {}) {
    return (await this.journal(filter)).entries;
  }
  journal(filter = {}) {
    return this.get('/__emulator/requests', { query: filter });
  }
  clearRequests() {
    return this.delete('/__emulator/requests');
  }

  timeline(executionId) {
    return this.get(`/__emulator/executions/${seg(executionId)}/timeline`);
  }
}

export class Wallet {
  constructor(tenant) {
    this._tenant = tenant;
  }
  /** {balance: dollars, balance_cents: cents} */
  get() {
    return this._tenant.get('/__emulator/wallet');
  }
  /** set({balance: dollars}) or set({cents}) */
  set({ balance, cents } = {}) {
    if ((balance === undefined) === (cents === undefined)) throw new TypeError('wallet.set() takes {balance} or {cents}');
    return this._tenant.put('/__emulator/wallet', balance !== undefined ? { balance } : { balance_cents: cents });
  }
}

export class Faults {
  constructor(tenant) {
    this._tenant = tenant;
  }
  /** add({method: 'POST', path: '/call', status: 503, count: 2}); resolves to the fault (with its id). */
  add(spec) {
    return this._tenant.post('/__emulator/faults', spec);
  }
  async list() {
    return (await this._tenant.get('/__emulator/faults')).faults;
  }
  remove(id) {
    return this._tenant.delete(`/__emulator/faults/${seg(id)}`);
  }
  clear() {
    return this._tenant.delete('/__emulator/faults');
  }
}

export class Webhooks {
  constructor(tenant) {
    this._tenant = tenant;
  }
  /** Waits (at most `timeout` ms, server side) until every due delivery finished; rejects with EmulatorTimeout unless settled (or check: false). */
  async flush({ timeout = 10000, check = true } = {}) {
    const answer = await this._tenant.post('/__emulator/webhooks/flush', { timeout_ms: Math.max(0, Math.round(timeout)) }, { timeout: timeout + 30000 });
    if (check && !answer.done) throw new EmulatorTimeout(`webhooks did not settle within ${timeout} ms: ${JSON.stringify(answer)}`, answer);
    return answer;
  }
  /** {attempts, queued, in_flight, waiting_retry} */
  list({ executionId, batchId } = {}) {
    return this._tenant.get('/__emulator/webhooks', { query: { execution_id: executionId, batch_id: batchId } });
  }
  async attempts(filter) {
    return (await this.list(filter)).attempts;
  }
  redeliver(attemptId) {
    return this._tenant.post(`/__emulator/webhooks/${seg(attemptId)}/redeliver`, {});
  }
  setHeaders(agentId, headers) {
    return this._tenant.put(`/__emulator/agents/${seg(agentId)}/webhook-headers`, headers);
  }
  getHeaders(agentId) {
    return this._tenant.get(`/__emulator/agents/${seg(agentId)}/webhook-headers`);
  }
}

const MISSING = Symbol('missing');

/** A named built-in webhook receiver (global to the emulator, no key). */
export class Sink {
  constructor(emulator, name, tenant = null) {
    this.emulator = emulator;
    this.name = name;
    this.tenant = tenant;
    this.url = `${emulator.url}/__emulator/sink/${seg(name)}`;
  }
  /** {name, received, dropped, bodies} */
  get() {
    return request('GET', this.url);
  }
  async bodies() {
    return (await this.get()).bodies;
  }
  clear() {
    return request('DELETE', this.url);
  }
  /** Resolves to the first body for which predicate(body) is true (any body without one), polling at most `timeout` ms. Does not move the clock. */
  waitFor(predicate, { timeout = 10000, interval = 50 } = {}) {
    return this._wait((bodies) => {
      const found = bodies.find((b) => !predicate || predicate(b));
      return found === undefined ? MISSING : found;
    }, timeout, interval, 'a matching body');
  }
  /** Resolves to every body once at least `count` arrived. */
  waitForCount(count, { timeout = 10000, interval = 50 } = {}) {
    return this._wait((bodies) => (bodies.length >= count ? bodies : MISSING), timeout, interval, `${count} bodies`);
  }
  async _wait(pick, timeout, interval, what) {
    const deadline = Date.now() + timeout;
    if (this.tenant) await this.tenant.webhooks.flush({ timeout: Math.min(timeout, 10000), check: false });
    for (;;) {
      const bodies = await this.bodies();
      const found = pick(bodies);
      if (found !== MISSING) return found;
      if (Date.now() >= deadline)
        throw new EmulatorTimeout(`sink '${this.name}': no ${what} within ${timeout} ms; ${bodies.length} received: ${JSON.stringify(bodies).slice(0, 2000)}`, bodies);
      await sleep(interval);
    }
  }
}
