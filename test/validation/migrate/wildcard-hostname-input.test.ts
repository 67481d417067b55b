import { expect, it } from 'vitest';
import { InputError } from '../../../src/index.js';
import { HOST, setup } from './helpers.js';

// docs/migration.md: "Bad parameters or options … throw an InputError at the call, before
// anything is sent." migrate() always asks for a Cloudflare-managed certificate with HTTP DCV;
// reference §7.1 code 1448: "wildcard custom hostnames not supported for Cloudflare-managed
// certificates", §6.3: HTTP DCV "not allowed for wildcard certs". A `*.` hostname can never
// migrate: it is an InputError, with no request sent.
it('migrate rejects a wildcard hostname at the call, before any request', async () => {
  const { sim, saas } = setup();
  let thrown: unknown;
  try {
    const flow = saas.validation.migrate({ hostname: `*.${HOST.split('.').slice(1).join('.')}` });
    await flow.next();
  } catch (e) {
    thrown = e;
  }
  const sent = sim.requests.filter((r) => r.kind === 'api').map((r) => `${r.method} ${r.path} → ${r.status}`);
  expect(sent, 'requests sent').toEqual([]);
  expect(thrown).toBeInstanceOf(InputError);
});
