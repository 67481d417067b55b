import { describe, expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api } from './helpers.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

/*
 * Reference §7.1: | 403 | 1413 | no custom-metadata entitlement | entitlement |
 *                 | 403 | 1414 | no custom-origin-server entitlement | entitlement |
 * Reference §8.2: custom metadata "needs an entitlement (Enterprise paid add-on; 403/1413 otherwise)".
 */
function simulator(entitlements: { customMetadata?: boolean; customOriginServer?: boolean }) {
  return createSimulator({ clock: new VirtualClock({ start: T0 }), rateLimit: false, entitlements });
}

describe('simulator: Enterprise add-ons of the zone', () => {
  test('without custom metadata, a create that sends it is 403 / 1413 and creates nothing', async () => {
    const sim = simulator({ customMetadata: false });
    const refused = await api(sim, 'POST', 'custom_hostnames', {
      hostname: 'app.customer-one.com',
      custom_metadata: { plan: 'pro' },
    });
    expect([refused.status, refused.json.errors[0].code]).toStrictEqual([403, 1413]);
    const list = await api(sim, 'GET', 'custom_hostnames');
    expect(list.json.result).toStrictEqual([]);
    // the same hostname without the field is created
    const plain = await api(sim, 'POST', 'custom_hostnames', { hostname: 'app.customer-one.com' });
    expect(plain.status).toBe(200);
  });

  test('without a custom origin server, a create or an edit that sends one is 403 / 1414', async () => {
    const sim = simulator({ customOriginServer: false });
    const body = { hostname: 'app.customer-one.com', custom_origin_server: 'origin.saasprovider.com' };
    const refused = await api(sim, 'POST', 'custom_hostnames', body);
    expect([refused.status, refused.json.errors[0].code]).toStrictEqual([403, 1414]);
    const host = await api(sim, 'POST', 'custom_hostnames', { hostname: 'app.customer-one.com' });
    const edit = await api(sim, 'PATCH', `custom_hostnames/${host.json.result.id}`, {
      custom_origin_server: 'origin.saasprovider.com',
    });
    expect([edit.status, edit.json.errors[0].code]).toStrictEqual([403, 1414]);
    // metadata, which the zone has, still goes through
    const metadata = await api(sim, 'PATCH', `custom_hostnames/${host.json.result.id}`, {
      custom_metadata: { a: 'b' },
    });
    expect(metadata.json.result.custom_metadata).toStrictEqual({ a: 'b' });
  });

  test('both are on by default', async () => {
    const sim = createSimulator({ clock: new VirtualClock({ start: T0 }), rateLimit: false });
    const r = await api(sim, 'POST', 'custom_hostnames', {
      hostname: 'app.customer-one.com',
      custom_metadata: { plan: 'pro' },
      custom_origin_server: 'origin.saasprovider.com',
    });
    expect(r.status).toBe(200);
  });

  test('an entitlement that is not a boolean is refused when the simulator is made', () => {
    expect(() => simulator({ customMetadata: 'no' as unknown as boolean })).toThrow(
      new RangeError('entitlements.customMetadata must be true or false, got no'),
    );
  });
});
