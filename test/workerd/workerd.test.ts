import { expect, test } from 'vitest';
import { CloudflareSaaS } from '../../src/index.js';
import { createSimulator } from '../../src/testing/index.js';

test('this file runs inside workerd', () => {
  expect(navigator.userAgent).toBe('Cloudflare-Workers');
});

test('the client runs against the simulator inside workerd', async () => {
  const sim = createSimulator();
  const saas = new CloudflareSaaS({ apiToken: sim.apiToken, zoneId: sim.zoneId, fetch: sim.fetch, clock: sim.clock });
  const quota = await saas.customHostnames.quota();
  expect(quota).toMatchObject({ allocated: 100, used: 0 });
  expect(sim.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200']);
});
