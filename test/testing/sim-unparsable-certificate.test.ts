import { expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api } from './helpers.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

/*
 * Reference §7.1:
 *   | 400 | 1426–1429 | certificate unparsable / empty; key unparsable / does not match certificate |
 * Reference §4.4: "Custom (uploaded) certificates must be publicly trusted and signed ...;
 *   self-signed ones are rejected".
 *
 * The simulator (ssl-input.ts parseUpload) only looks for the `-----BEGIN CERTIFICATE-----`
 * marker, so a PEM block whose body is not even base64 (let alone DER) is accepted and goes
 * to pending_deployment → active. Tests of an SDK's 1426 handling, or of a "validate the PEM
 * before uploading" path, pass against garbage.
 */
const JUNK_CERT = '-----BEGIN CERTIFICATE-----\nthis is not base64 !!!\n-----END CERTIFICATE-----\n';
const JUNK_KEY = '-----BEGIN RSA PRIVATE KEY-----\nalso not base64 !!!\n-----END RSA PRIVATE KEY-----\n';

test('a PEM block with a non-base64 body is 400 / 1426', async () => {
  const clock = new VirtualClock({ start: T0 });
  const sim = createSimulator({ clock, rateLimit: false });
  const r = await api(sim, 'POST', 'custom_hostnames', {
    hostname: 'app.customer-one.com',
    ssl: { custom_certificate: JUNK_CERT, custom_key: JUNK_KEY },
  });
  expect(r.status).toBe(400);
  expect(r.json.errors[0].code).toBe(1426);
});
