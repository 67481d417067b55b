/**
 * The wait errors name the hostname in their message, so that a fleet's logs say which one
 * failed or ran out of time: by name once a snapshot is in, by id before.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, PollTimeoutError, ValidationFailedError } from '../../src/core/errors.js';
import { CloudflareSaaS } from '../../src/index.js';
import { VirtualClock } from '../../src/testing/clock.js';
import { createSimulator } from '../../src/testing/index.js';
import type { Diagnosis } from '../../src/validation/diagnose.js';
import { type MigrationDeps, migrate } from '../../src/validation/migration.js';
import { waitUntilActive } from '../../src/validation/wait.js';
import { rejection } from '../helpers/rejection.js';
import { FakeCloudflare, withoutDiagnose } from './fake-cloudflare.js';
import { activeHost, CNAME_TARGET, HOST_ID, makeHost, T0 } from './fixtures.js';

const S = 1000;
const NAME = 'app.customer-one.com';

function fake() {
  return new FakeCloudflare(new VirtualClock({ start: T0 + 10 * S, autoAdvance: true }), Number.POSITIVE_INFINITY);
}

describe('waitUntilActive errors name the hostname', () => {
  it('a failed verdict: by name', async () => {
    const cf = fake();
    cf.pending = () => makeHost({ status: 'blocked' });
    const error = await rejection(waitUntilActive(withoutDiagnose(cf), HOST_ID));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error.message).toBe(
      `custom hostname ${NAME}: validation failed: hostname is blocked: custom hostname does not CNAME to this zone.`,
    );
  });

  it('deleted before the first snapshot: by id', async () => {
    const cf = fake();
    cf.getFailures.push(
      new NotFoundError({ status: 404, method: 'GET', path: `/zones/z/custom_hostnames/${HOST_ID}` }),
    );
    const error = await rejection(waitUntilActive(withoutDiagnose(cf), HOST_ID));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error.message).toBe(`custom hostname ${HOST_ID}: validation failed: deleted`);
  });

  it('the deadline: by name after a snapshot, by id with none', async () => {
    const late = await rejection(waitUntilActive(withoutDiagnose(fake()), HOST_ID, { deadline: T0 + 300 * S }));
    expect(late).toBeInstanceOf(PollTimeoutError);
    expect(late.message).toBe(`custom hostname ${NAME}: not active by the deadline 2026-01-05T09:05:00.000Z`);
    const never = await rejection(waitUntilActive(withoutDiagnose(fake()), HOST_ID, { deadline: T0 }));
    expect(never.message).toBe(`custom hostname ${HOST_ID}: not active by the deadline 2026-01-05T09:00:00.000Z`);
  });
});

describe('migrate errors name the hostname', () => {
  function deps(host = activeHost(), routingOk = false): MigrationDeps {
    const clock = new VirtualClock({ start: T0, autoAdvance: true });
    return {
      createOrGet: async () => ({ hostname: host, created: false, outcome: 'existed' }),
      get: async () => host,
      recheck: async () => host,
      useHttpDcv: async () => host,
      waitUntilActive: async () => host,
      diagnose: async () => ({ routingOk }) as Diagnosis,
      clock,
      cnameTarget: CNAME_TARGET,
    };
  }

  async function run(d: MigrationDeps): Promise<Error> {
    const flow = migrate(d, { hostname: NAME }, { deadline: T0 + 60 * S, intervalMs: 10 * S });
    return rejection(
      (async () => {
        for await (const _ of flow);
      })(),
    );
  }

  it('the deadline while waiting for the DCV token', async () => {
    const noToken = makeHost({ status: 'active', verification_errors: [] }, { validation_records: [] });
    const error = await run(deps(noToken));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.message).toBe(`custom hostname ${NAME}: not active by the deadline 2026-01-05T09:01:00.000Z`);
  });

  it('the deadline while waiting for the CNAME switch', async () => {
    const error = await run(deps());
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.message).toBe(`custom hostname ${NAME}: not active by the deadline 2026-01-05T09:01:00.000Z`);
  });
});

describe('a hostname looked up by name that is not there', () => {
  it('waitUntilActive names it; resolve fails with the full path, as every API error has', async () => {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    const saas = new CloudflareSaaS(sim.clientOptions());
    const missing = 'nothere.customer-one.com';
    const waited = await rejection(saas.validation.waitUntilActive(missing));
    expect(waited).toBeInstanceOf(ValidationFailedError);
    expect(waited.message).toBe(`custom hostname ${missing}: validation failed: deleted`);
    const resolved = await rejection(saas.validation.resolve(missing));
    expect(resolved).toBeInstanceOf(NotFoundError);
    expect((resolved as NotFoundError).path).toBe(`/zones/${sim.zoneId}/custom_hostnames?hostname=${missing}`);
  });
});
