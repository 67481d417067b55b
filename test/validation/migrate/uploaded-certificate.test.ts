import { expect, it } from 'vitest';
import { CloudflareSaaS } from '../../../src/index.js';
import { HOST, runDiligently, setup } from './helpers.js';

const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const RSA_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n';

// A hostname made earlier with an uploaded certificate (reference §3.2: custom_certificate,
// uploaded_on) needs no DCV: its certificate deploys on its own, so migrate must hand out no
// token, and a hostname without a DCV method has no no-change PATCH to send (§6.5 resends
// the method): Cloudflare's own schedule checks the ownership TXT.
it.each([
  ['deployed before ownership is verified', 0],
  ['still deploying when ownership is verified', 600_000],
])('migrate adopts a hostname with an uploaded certificate %s: no DCV step, no PATCH', async (_, deployMs) => {
  const { sim } = setup();
  let patches = 0;
  let deployedAt = 0;
  // Answers as the API writes an uploaded certificate (no DCV method), deployed `deployMs` after creation.
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (init?.method === 'PATCH') patches++;
    const response = await sim.fetch(input, init);
    const body = await response.json();
    for (const host of [body?.result ?? []].flat()) {
      if (!host.ssl?.custom_certificate) continue;
      delete host.ssl.method;
      if (sim.clock.now() < deployedAt) host.ssl.status = 'pending_deployment';
    }
    return Response.json(body, { status: response.status, headers: response.headers });
  };
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), fetch });
  await saas.customHostnames.create({ hostname: HOST, ssl: { custom_certificate: PEM_CERT, custom_key: RSA_KEY } });
  deployedAt = sim.clock.now() + deployMs;
  const { steps, error, at } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }));
  expect(error, (error as Error)?.stack).toBeUndefined();
  expect(steps.map((s) => s.type)).toEqual([
    'created',
    'publish_ownership_txt',
    'ownership_verified',
    'certificate_active',
    'switch_cname',
    'traffic_switched',
  ]);
  expect(patches).toBe(0);
  // Seen within the poller's 30 s look while a certificate deploys, once it has.
  const ready = Math.max(deployedAt, at.ownership_verified as number);
  expect((at.certificate_active as number) - ready).toBeGreaterThanOrEqual(0);
  expect((at.certificate_active as number) - ready).toBeLessThanOrEqual(30_000);
  expect(sim.hostname(HOST)?.ssl?.custom_certificate).toBe(PEM_CERT);
  expect(sim.hostname(HOST)?.status).toBe('active');
});
