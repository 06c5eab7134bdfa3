import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from 'bolna-emulator';
const emulator = await startEmulator(), tenant = emulator.tenant(), sink = tenant.sink();
after(() => emulator.stop());
test('a busy number ends busy', async () => {
  const executionId = await tenant.placeCall(await tenant.createAgent({ webhook_url: sink.url }), '+12025550110');
  await tenant.runUntilIdle();
  assert.equal((await sink.waitFor((b) => b.status === 'busy')).id, executionId);
});
