// startEmulator / connectEmulator / findBinary / stop against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startEmulator, connectEmulator, findBinary, request, EmulatorError, EmulatorTimeout } from 'bolna-emulator';

let shared;
before(async () => {
  shared = await startEmulator({ adminToken: 'node-admin' });
});
after(() => shared.stop());

test('startEmulator serves on a free loopback port, manual clock, stop exits 0', async () => {
  const emulator = await startEmulator();
  assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(await emulator.ready(), true);
  assert.deepEqual(await emulator.health(), { status: 'ok' });
  assert.equal((await emulator.tenant().clock()).mode, 'manual');
  assert.equal(await emulator.stop(), 0);
  await assert.rejects(emulator.health(), (err) => err instanceof EmulatorError && err.status === 0);
});

test('startEmulator passes options as flags', async () => {
  const emulator = await startEmulator({ clock: 'realtime', clockSpeed: 60, wallet: 7 });
  try {
    const tenant = emulator.tenant();
    const clock = await tenant.clock();
    assert.equal(clock.mode, 'realtime');
    assert.equal(clock.speed, 60);
    assert.equal((await tenant.wallet.get()).balance, 7);
  } finally {
    await emulator.stop();
  }
});

test('startEmulator rejects with the output when the binary refuses its options', async () => {
  await assert.rejects(startEmulator({ profile: 'nonsense' }), (err) => {
    assert.ok(err instanceof EmulatorError);
    assert.match(String(err.body), /exited with code/);
    assert.match(String(err.body), /profile/);
    return true;
  });
});

test('connectEmulator uses a running emulator, from the argument or the environment', async () => {
  const other = await connectEmulator(shared.url);
  assert.equal(other.process, null);
  assert.equal(await other.stop(), null);
  process.env.BOLNA_EMULATOR_URL = shared.url;
  try {
    assert.equal((await connectEmulator()).url, shared.url);
  } finally {
    delete process.env.BOLNA_EMULATOR_URL;
  }
});

test('connectEmulator times out on a closed port', async () => {
  const port = await new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = srv.address().port;
      srv.close(() => res(p));
    });
  });
  await assert.rejects(connectEmulator(`http://127.0.0.1:${port}`, { readyTimeout: 300 }), EmulatorTimeout);
});

test('findBinary: argument, then BOLNA_EMULATOR_BINARY', () => {
  const real = findBinary();
  assert.equal(findBinary(real), real);
  const saved = process.env.BOLNA_EMULATOR_BINARY;
  process.env.BOLNA_EMULATOR_BINARY = '/nonexistent/bolna-emulator';
  try {
    assert.throws(() => findBinary(), /BOLNA_EMULATOR_BINARY/);
  } finally {
    if (saved === undefined) delete process.env.BOLNA_EMULATOR_BINARY;
    else process.env.BOLNA_EMULATOR_BINARY = saved;
  }
});

test('tenant() gives fresh keys: separate accounts', async () => {
  const a = shared.tenant();
  const b = shared.tenant();
  assert.notEqual(a.apiKey, b.apiKey);
  assert.equal(shared.tenant('my-key').apiKey, 'my-key');
  await a.createAgent();
  assert.equal((await a.get('/v2/agent/all')).length, 1);
  assert.deepEqual(await b.get('/v2/agent/all'), []);
  await a.cleanup();
});

test('resetAll uses the admin token and clears every sink', async () => {
  const tenant = shared.tenant();
  await tenant.createAgent();
  const sink = shared.sink();
  await request('POST', sink.url, { body: { hello: 1 } });
  assert.deepEqual(await sink.bodies(), [{ hello: 1 }]);
  assert.equal((await shared.resetAll()).status, 'reset');
  assert.deepEqual(await tenant.get('/v2/agent/all'), []);
  assert.deepEqual(await sink.bodies(), []);
  await assert.rejects(shared.resetAll('wrong'), (err) => err.status === 403);
});
