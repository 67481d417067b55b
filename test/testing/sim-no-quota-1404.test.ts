import { expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api } from './helpers.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

/*
 * Reference §7.1: | 403 | 1404 | no custom-hostname quota allocated for the zone | entitlement |
 * Reference §8.3: "Live numbers: GET …/custom_hostnames/quota (`allocated` soft, `hard_cap`
 *   hard). Errors 1404 (no quota) / 1405 (quota exceeded)."
 */
test('a zone with no custom hostname quota answers create with 403 / 1404', async () => {
  const clock = new VirtualClock({ start: T0 });
  const sim = createSimulator({ clock, rateLimit: false, quota: { allocated: 0, hardCap: 0 } });
  const r = await api(sim, 'POST', 'custom_hostnames', { hostname: 'app.customer-one.com' });
  expect(r.status).toBe(403);
  expect(r.json.errors[0].code).toBe(1404);
});
