import { expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api } from './helpers.js';

const start = Date.parse('2026-01-05T09:00:00Z');

test('a simulator option given as undefined counts as not given', async () => {
  const given = createSimulator({
    clock: new VirtualClock({ start, autoAdvance: undefined }),
    zoneId: undefined,
    zoneName: undefined,
    cnameTarget: undefined,
    apiToken: undefined,
    seed: undefined,
    rateLimit: undefined,
    issuanceLimit: undefined,
    quota: { allocated: undefined, hardCap: undefined },
    entitlements: { customMetadata: undefined, customOriginServer: undefined },
    issuanceMs: undefined,
  });
  const plain = createSimulator({ clock: new VirtualClock({ start }) });
  for (const key of ['zoneId', 'zoneName', 'cnameTarget', 'apiToken', 'email'] as const) {
    expect(given[key]).toBe(plain[key]);
  }
  expect((await api(given, 'GET', 'custom_hostnames/quota')).json.result).toEqual(
    (await api(plain, 'GET', 'custom_hostnames/quota')).json.result,
  );
  given.seedHostnames(1, { prefix: undefined, status: undefined });
  given.setFallbackOrigin('fallback.saasprovider.com', { active: undefined });
  expect(given.hostnames().map((h) => [h.hostname, h.status])).toEqual([['tenant-1.fleet-customer.com', 'active']]);
  expect(given.fallbackOrigin()?.status).toBe('active');
  given.faults.inject({
    kind: 'status',
    status: 503,
    method: undefined,
    path: undefined,
    nth: undefined,
    times: undefined,
  });
  const statuses = [];
  for (let i = 0; i < 2; i++) statuses.push((await api(given, 'GET', 'custom_hostnames')).status);
  expect(statuses).toEqual([503, 200]);
});
