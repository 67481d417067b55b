import { expect, it } from 'vitest';
import { diagnose } from '../../src/validation/diagnose.js';
import { instructions } from '../../src/validation/instructions.js';
import { FakeWorld, RESOLVER } from './fake-world.js';
import { CNAME_TARGET, makeHost } from './fixtures.js';

// A wildcard custom hostname `*.customer-one.com` is routed by a CNAME at `*.customer-one.com`,
// which is not the zone apex: a CNAME is allowed there, and the apex's own records say nothing
// about it.
const WILDCARD = '*.customer-one.com';

it('instructions: the routing CNAME of *.customer-one.com carries no apex (CNAME flattening) note', () => {
  const host = makeHost({ hostname: WILDCARD, ownership_verification: null, ownership_verification_http: null });
  const routing = instructions(host, { cnameTarget: CNAME_TARGET }).records[0];
  expect(routing).toEqual({ type: 'CNAME', name: WILDCARD, value: CNAME_TARGET, purpose: 'routing' });
});

it('diagnose: no A-record lookups ("flattening") for the routing record of *.customer-one.com', async () => {
  const world = new FakeWorld();
  const host = makeHost({ hostname: WILDCARD, ownership_verification: null, ownership_verification_http: null });
  await diagnose(host, { cnameTarget: CNAME_TARGET, resolver: RESOLVER, fetch: world.fetch, checkHttp: false });
  expect(world.log.filter((l) => l.endsWith(' A'))).toEqual([]);
});
