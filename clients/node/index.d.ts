// Types of the bolna-emulator test helpers (index.js): start or connect to an emulator and
// drive one tenant of it. For TypeScript users of the package; no runtime code here.
import type { ChildProcess } from 'node:child_process';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: any };
export type Headers = Record<string, string>;

/** The smallest agent the emulator accepts; createAgent() copies it. */
export const MINIMAL_AGENT: Readonly<JsonObject>;

/** A non-2xx answer (status >= 400), or no answer (status 0), from the emulator. */
export class EmulatorError extends Error {
  method: string;
  url: string;
  /** HTTP status; 0 when the connection failed. */
  status: number;
  /** The parsed error body ({error, message}) or the raw text. */
  body: any;
  headers: Headers;
  /** The emulator's message (body.message) when it sent one. */
  apiMessage: string;
}

/** A bounded wait (ready, sink.waitFor, webhooks.flush) ran out of time. */
export class EmulatorTimeout extends EmulatorError {
  /** What was seen before the time ran out (the sink's bodies, the flush answer). */
  seen: any;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Headers;
  /** Milliseconds (default 30000). */
  timeout?: number;
  raw?: boolean;
}

/** One JSON request: the parsed answer; rejects with EmulatorError on a status >= 400. */
export function request(method: string, url: string, options?: RequestOptions & { raw?: false }): Promise<any>;
export function request(
  method: string,
  url: string,
  options: RequestOptions & { raw: true },
): Promise<{ status: number; headers: Headers; text: string }>;

/** binary, else $BOLNA_EMULATOR_BINARY, else bolna-emulator on PATH, else build/bolna-emulator. */
export function findBinary(binary?: string): string;

export interface StartOptions {
  binary?: string;
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** Clock mode of new tenants: 'manual' (default) or 'realtime'; null keeps the binary's default. */
  clock?: 'manual' | 'realtime' | null;
  /** Extra command-line arguments. */
  args?: string[];
  /** Added to the environment (this process's BOLNA_EMULATOR_* variables are not passed on). */
  env?: Record<string, string>;
  /** Milliseconds to wait until ready (default 30000). */
  readyTimeout?: number;
  adminToken?: string;
  scenariosDir?: string;
  scenario?: string;
  profile?: 'docs' | 'live';
  seed?: number;
  wallet?: number;
  concurrency?: number;
  clockSpeed?: number;
  rateLimits?: boolean;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'off';
  /** Any other option of the binary, camelCase: {webhookAttempts: 2} -> --webhook-attempts 2. */
  [option: string]: unknown;
}

/** Starts the binary on a free loopback port and resolves once it is ready. */
export function startEmulator(options?: StartOptions): Promise<Emulator>;

/** Uses an emulator already running at url (default $BOLNA_EMULATOR_URL), once ready. */
export function connectEmulator(
  url?: string,
  options?: { adminToken?: string; readyTimeout?: number },
): Promise<Emulator>;

export class Emulator {
  readonly url: string;
  /** The started binary; null for a connected emulator. */
  readonly process: ChildProcess | null;
  adminToken?: string;
  /** The last lines the started binary printed. */
  readonly output: string;
  ready(): Promise<boolean>;
  health(): Promise<{ status: string }>;
  waitReady(timeout?: number): Promise<void>;
  /** SIGTERM (SIGKILL after timeout ms); resolves to the exit code, null for a connected emulator. */
  stop(timeout?: number): Promise<number | null>;
  newKey(prefix?: string): string;
  /** A tenant handle; a fresh unique key unless key is given. */
  tenant(key?: string): Tenant;
  /** The global built-in sink name (fresh unique name by default). */
  sink(name?: string): Sink;
  /** POST /__emulator/reset {"all": true} with the admin token. */
  resetAll(adminToken?: string): Promise<{ status: string; tenants: number }>;
}

export interface TenantRequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Headers;
  timeout?: number;
}

export interface ClockState {
  now: string;
  mode: 'manual' | 'realtime';
  speed: number;
  pending: number;
  next_due: string | null;
}

export interface TransitionEvent {
  execution_id: string;
  from: string | null;
  to: string;
  at: string;
}

export interface ClockMove {
  now: string;
  events: TransitionEvent[];
  events_total: number;
  events_truncated: boolean;
  pending: number;
  /** run-until-idle only */
  idle?: boolean;
}

export interface JournalFilter {
  method?: string;
  path?: string;
  status?: number | string;
  since?: number | string;
  limit?: number;
}

export interface JournalEntry {
  seq: number;
  method: string;
  path: string;
  route: string | null;
  query: string;
  status: number;
  time: string;
  wall_time: string;
  duration_ms: number;
  fault: string | null;
  request: { headers: Headers; body: string; body_bytes: number; body_truncated: boolean };
  response: { headers: Headers; body: string; body_bytes: number; body_truncated: boolean };
}

export interface Journal {
  capacity: number;
  size: number;
  dropped: number;
  last_seq: number;
  count: number;
  entries: JournalEntry[];
}

export interface Timeline {
  execution_id: string;
  status: string;
  outcome: string | null;
  timeline: { from: string | null; to: string; at: string }[];
  deliveries: WebhookAttempt[];
}

export class Tenant {
  readonly emulator: Emulator;
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly faults: Faults;
  readonly webhooks: Webhooks;
  readonly wallet: Wallet;

  /** {Authorization: 'Bearer <key>'} (plus X-Emulator-Outcome with outcome). */
  headers(outcome?: string): Headers;
  request(method: string, path: string, options?: TenantRequestOptions): Promise<any>;
  get(path: string, options?: TenantRequestOptions): Promise<any>;
  post(path: string, body?: unknown, options?: TenantRequestOptions): Promise<any>;
  put(path: string, body?: unknown, options?: TenantRequestOptions): Promise<any>;
  patch(path: string, body?: unknown, options?: TenantRequestOptions): Promise<any>;
  delete(path: string, options?: TenantRequestOptions): Promise<any>;

  /** POST /v2/agent with a minimal agent; resolves to the agent_id. */
  createAgent(config?: { name?: string; webhook_url?: string; [field: string]: unknown }): Promise<string>;
  /** POST /call; resolves to the execution_id. */
  placeCall(agentId: string, to?: string, fields?: { outcome?: string; [field: string]: unknown }): Promise<string>;
  execution(executionId: string): Promise<JsonObject>;
  /** {'X-Emulator-Outcome': outcome} */
  forceOutcome(outcome: string): Headers;

  clock(): Promise<ClockState>;
  advance(seconds: number, options?: { maxEvents?: number }): Promise<ClockMove>;
  advance(target: { seconds: number; maxEvents?: number } | { to: string | Date; maxEvents?: number }): Promise<ClockMove>;
  runUntilIdle(options?: { maxSeconds?: number; maxEvents?: number }): Promise<ClockMove & { idle: boolean }>;
  setClock(options: { now?: string | Date; mode?: 'manual' | 'realtime'; speed?: number; force?: boolean }): Promise<ClockState>;

  reset(): Promise<{ status: string; tenants: number }>;
  /** reset() and clear the sinks made with sink(). */
  cleanup(): Promise<void>;
  concurrency(): Promise<{ max: number; current: number; queued: number }>;
  setConcurrency(max: number): Promise<{ max: number; current: number; queued: number }>;

  scenario(): Promise<JsonObject>;
  /** A scenario object, a path to a local JSON file, or a file name in --scenarios-dir. */
  loadScenario(scenario: string | URL | JsonObject, options?: { all?: boolean; adminToken?: string }): Promise<JsonObject>;
  resetScenario(): Promise<JsonObject>;

  sink(name?: string): Sink;
  requests(filter?: JournalFilter): Promise<JournalEntry[]>;
  journal(filter?: JournalFilter): Promise<Journal>;
  clearRequests(): Promise<{ deleted: number }>;
  timeline(executionId: string): Promise<Timeline>;
}

export class Wallet {
  get(): Promise<{ balance: number; balance_cents: number }>;
  set(value: { balance: number } | { cents: number }): Promise<{ balance: number; balance_cents: number }>;
}

export interface FaultSpec {
  method?: string;
  path: string;
  status?: number;
  body?: unknown;
  content_type?: string;
  headers?: Headers;
  delay_ms?: number;
  drop?: boolean;
  count?: number;
  probability?: number;
  seed?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  remaining: number | null;
  matched: number;
  hits: number;
}

export class Faults {
  add(spec: FaultSpec): Promise<Fault>;
  list(): Promise<Fault[]>;
  remove(id: string): Promise<{ deleted: number }>;
  clear(): Promise<{ deleted: number }>;
}

export interface WebhookAttempt {
  id: number;
  delivery_id: number;
  type: 'execution' | 'batch';
  execution_id: string | null;
  batch_id: string | null;
  status: string;
  url: string;
  attempt: number;
  response_code: number | null;
  error: string | null;
  latency_ms: number | null;
  result: 'delivered' | 'retrying' | 'failed';
  next_attempt_at: string | null;
  redelivery_of: number | null;
  virtual_time: string;
  wall_time: string;
}

export interface WebhookBacklog {
  queued: number;
  in_flight: number;
  waiting_retry: number;
}

export class Webhooks {
  /** timeout in ms (default 10000); rejects with EmulatorTimeout when not settled unless check is false. */
  flush(options?: { timeout?: number; check?: boolean }): Promise<WebhookBacklog & { done: boolean }>;
  list(filter?: { executionId?: string; batchId?: string }): Promise<WebhookBacklog & { attempts: WebhookAttempt[] }>;
  attempts(filter?: { executionId?: string; batchId?: string }): Promise<WebhookAttempt[]>;
  redeliver(attemptId: number): Promise<{ message: string; delivery_id: number; redelivery_of: number }>;
  setHeaders(agentId: string, headers: Headers): Promise<{ agent_id: string; headers: Headers }>;
  getHeaders(agentId: string): Promise<{ agent_id: string; headers: Headers }>;
}

export class Sink {
  readonly emulator: Emulator;
  readonly name: string;
  /** What to set as an agent's webhook_url. */
  readonly url: string;
  readonly tenant: Tenant | null;
  get(): Promise<{ name: string; received: number; dropped: number; bodies: any[] }>;
  bodies(): Promise<any[]>;
  clear(): Promise<{ message: string }>;
  /** The first body matching predicate (any body without one); timeout in ms (default 10000). */
  waitFor(predicate?: (body: any) => unknown, options?: { timeout?: number; interval?: number }): Promise<any>;
  waitForCount(count: number, options?: { timeout?: number; interval?: number }): Promise<any[]>;
}
