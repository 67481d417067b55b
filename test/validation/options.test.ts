import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, CloudflareSaaS, InputError, recheckBody } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

describe('options objects of the waiting and diagnosing methods', () => {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  const saas = new CloudflareSaaS(sim.clientOptions());
  const id = '0d89c70d-ad9f-4843-b99f-6cc0252067e9';
  const calls: [string, () => Promise<unknown>][] = [
    ['validation.instructions(id, null)', () => saas.validation.instructions(id, null as never)],
    ['validation.diagnose(id, null)', () => saas.validation.diagnose(id, null as never)],
    ['validation.waitUntilActive(id, null)', () => saas.validation.waitUntilActive(id, null as never)],
    [
      'validation.waitUntilActive(id, { signal: "stop" })',
      () => saas.validation.waitUntilActive(id, { signal: 'stop' as never }),
    ],
    ['fallbackOrigin.waitUntilActive(null)', () => saas.fallbackOrigin.waitUntilActive(null as never)],
    ['validation.recheck(id, null)', () => saas.validation.recheck(id, null as never)],
  ];
  it.each(calls)('%s rejects with InputError and sends nothing', async (_, call) => {
    const before = sim.requests.length;
    const error = (await call().catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.field).toMatch(/^options/);
    expect(sim.requests.length).toBe(before);
  });
});

describe('methods that take a hostname object', () => {
  const sim = createSimulator();
  const saas = new CloudflareSaaS(sim.clientOptions());
  const notHostnames = [null, undefined, 42, 'x', [] as unknown];
  it.each(notHostnames)('given %j, classify, nextCheckAt and recheckBody throw InputError(hostname)', (value) => {
    for (const call of [
      () => saas.validation.classify(value as never),
      () => saas.validation.nextCheckAt(value as never),
      () => recheckBody(value as never),
    ]) {
      expect(call).toThrow(InputError);
      expect(call).toThrow(expect.objectContaining({ field: 'hostname' }));
    }
  });

  it('diagnose rejects a value that is neither an id nor a hostname object, and sends nothing', async () => {
    const before = sim.requests.length;
    const error = await saas.validation.diagnose(42 as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'hostname', message: expect.stringContaining('got a number') });
    expect(sim.requests.length).toBe(before);
  });
});

describe('a string that is neither an id nor a hostname', () => {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  const saas = new CloudflareSaaS(sim.clientOptions());
  const v = saas.validation;
  it.each([
    ['resolve', () => v.resolve('nope')],
    ['instructions', () => v.instructions('nope')],
    ['diagnose', () => v.diagnose('nope')],
    ['waitUntilActive', () => v.waitUntilActive('nope')],
  ])('%s: InputError on idOrHostname with both readings, nothing sent', async (_, call) => {
    const before = sim.requests.length;
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      field: 'idOrHostname',
      value: 'nope',
      reason: expect.stringMatching(
        /^is neither a custom hostname id \(a UUID or 32 hexadecimal digits\) nor a hostname: needs at least two labels/,
      ),
    });
    expect(sim.requests.length).toBe(before);
  });
});

describe('diagnose given a hostname object of the wrong shape', () => {
  const sim = createSimulator();
  const saas = new CloudflareSaaS(sim.clientOptions());
  const id = '0d89c70d-ad9f-4843-b99f-6cc0252067e9';
  it.each([
    [{}, 'hostname.id'],
    [{ id, hostname: 5 }, 'hostname.hostname'],
    [{ id, hostname: 'app.customer.com', ssl: { validation_errors: {} } }, 'hostname.ssl.validation_errors'],
    [{ id, hostname: 'app.customer.com', ssl: { validation_records: [7] } }, 'hostname.ssl.validation_records.0'],
  ])('%j: InputError on %s, nothing sent', async (value, field) => {
    const before = sim.requests.length;
    const error = await saas.validation.diagnose(value as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field, value });
    expect((error as InputError).reason).toMatch(/^must be a custom hostname object as the API returns it: /);
    expect(sim.requests.length).toBe(before);
  });
});

describe('diagnose aborted', () => {
  const sim = createSimulator();
  const host = { id: '0d89c70d-ad9f-4843-b99f-6cc0252067e9', hostname: 'app.customer-one.com', ssl: { method: 'txt' } };

  it('before it starts: AbortError with the reason as cause, nothing sent', async () => {
    const saas = new CloudflareSaaS(sim.clientOptions());
    const before = sim.requests.length;
    const reason = new Error('stop');
    const error = await saas.validation.diagnose(host, { signal: AbortSignal.abort(reason) }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.message).toBe('diagnosing custom hostname app.customer-one.com: aborted');
    expect(error.cause).toBe(reason);
    expect(sim.requests.length).toBe(before);
  });

  it('while a DNS-over-HTTPS query is in flight: AbortError, not the DOMException', async () => {
    const controller = new AbortController();
    let started = 0;
    const options = sim.clientOptions();
    const hanging: typeof fetch = (input, init) => {
      if (!String(input instanceof Request ? input.url : input).startsWith(sim.dohUrl))
        return options.fetch(input, init);
      started += 1;
      if (started === 1) queueMicrotask(() => controller.abort());
      return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    };
    const saas = new CloudflareSaaS({ ...options, fetch: hanging });
    const error = await saas.validation.diagnose(host, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBeInstanceOf(DOMException);
    expect(started).toBeGreaterThan(0);
  });
});

describe('a customer web server that never answers', () => {
  const hostname = 'app.customer-one.com';
  afterEach(() => vi.useRealTimers());

  function rig(timeout: { timeout?: number } = { timeout: 50 }) {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
    const options = sim.clientOptions();
    const hanging: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.includes('/.well-known/')) return options.fetch(input, init);
      return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    };
    return { sim, saas: new CloudflareSaaS({ ...options, fetch: hanging, ...timeout, rateLimit: false }) };
  }

  it('diagnose: a client without a timeout option gives each token fetch the default 30 s', async () => {
    const { saas } = rig({});
    const host = await saas.customHostnames.create({ hostname, ssl: { method: 'http', type: 'dv' } });
    await saas.validation.instructions(host.id);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let settled = false;
    const diagnosing = saas.validation.diagnose(host.id).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const http = (await diagnosing).checks.filter((c) => c.record.type === 'HTTP');
    expect(http.length).toBeGreaterThan(0);
    for (const check of http) expect(check).toMatchObject({ status: 'error', detail: 'no answer within 30000 ms' });
  });

  it("diagnose: each token fetch ends at the client's timeout as a check with status error", async () => {
    const { saas } = rig();
    const host = await saas.customHostnames.create({ hostname, ssl: { method: 'http', type: 'dv' } });
    const ready = await saas.validation.instructions(host.id);
    expect(ready.complete).toBe(true);
    const report = await saas.validation.diagnose(host.id);
    const http = report.checks.filter((c) => c.record.type === 'HTTP');
    expect(http.length).toBeGreaterThan(0);
    for (const check of http) expect(check).toMatchObject({ status: 'error', detail: 'no answer within 50 ms' });
  });

  it("diagnose: a call's own timeout overrides the client's for each token fetch", async () => {
    const { saas } = rig({});
    const host = await saas.customHostnames.create({ hostname, ssl: { method: 'http', type: 'dv' } });
    await saas.validation.instructions(host.id);
    const report = await saas.validation.diagnose(host.id, { timeout: 50 });
    const http = report.checks.filter((c) => c.record.type === 'HTTP');
    expect(http.length).toBeGreaterThan(0);
    for (const check of http) expect(check).toMatchObject({ status: 'error', detail: 'no answer within 50 ms' });
  });

  it("waitUntilActive with recheck: 'auto' goes on past such diagnoses and ends at its deadline", async () => {
    const { sim, saas } = rig();
    const host = await saas.customHostnames.create({ hostname, ssl: { method: 'http', type: 'dv' } });
    const deadline = sim.clock.now() + 10 * 60_000;
    const error = await saas.validation.waitUntilActive(host.id, { recheck: 'auto', deadline }).catch((e) => e);
    expect(error).toMatchObject({ name: 'PollTimeoutError', deadline });
    expect(sim.clock.now()).toBe(deadline);
    expect(sim.clock.pendingSleepers).toBe(0);
  });
});

describe("recheck: 'auto' needs a cnameTarget", () => {
  it("an explicit recheck: 'auto' without one is an InputError at the call, and nothing is sent", async () => {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    const { cnameTarget: _, ...options } = sim.clientOptions();
    const saas = new CloudflareSaaS(options);
    const before = sim.requests.length;
    const error = await saas.validation.waitUntilActive('app.customer-one.com', { recheck: 'auto' }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'recheck', value: 'auto' });
    expect(error.message).toContain("set it, or pass recheck: 'never'");
    expect(sim.requests.length).toBe(before);
  });

  it('left to its default without one, the wait neither diagnoses nor rechecks', async () => {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    const { cnameTarget: _, ...options } = sim.clientOptions();
    const saas = new CloudflareSaaS(options);
    sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
    const host = await saas.customHostnames.create({
      hostname: 'app.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    await sim.clock.sleep(3_600_000);
    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget);
    const changedAt = sim.clock.now();
    await saas.validation.waitUntilActive(host.id);
    const after = sim.requests.filter((r) => r.at >= changedAt);
    expect(after.filter((r) => r.kind !== 'api')).toEqual([]);
    expect(after.filter((r) => r.method === 'PATCH')).toEqual([]);
  });
});

describe('recheck pacing', () => {
  it('a second recheck within the minute checks its options before waiting its turn', async () => {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    const saas = new CloudflareSaaS(sim.clientOptions());
    const host = await saas.customHostnames.create({
      hostname: 'app.customer-five.com',
      ssl: { method: 'http', type: 'dv' },
    });
    await saas.validation.recheck(host.id);
    const before = sim.requests.length;
    const startedAt = sim.clock.now();
    const error = await saas.validation.recheck(host.id, null as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(sim.requests.length).toBe(before);
    expect(sim.clock.now()).toBe(startedAt);
  });
});

/** A hostname created at 09:00:00 on the simulator's auto-advancing clock, and the times of its PATCHes. */
async function pacingRig() {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  const saas = new CloudflareSaaS(sim.clientOptions());
  const host = await saas.customHostnames.create({
    hostname: 'app.customer-six.com',
    ssl: { method: 'http', type: 'dv' },
  });
  const hms = (at: number) => new Date(at).toISOString().slice(11, 19);
  const patches = () => sim.requests.filter((r) => r.kind === 'api' && r.method === 'PATCH').map((r) => hms(r.at));
  /** Aborts `controller` when the virtual clock reaches now + `ms`. */
  const abortAfter = (controller: AbortController, ms: number) =>
    void sim.clock.sleep(ms).then(() => controller.abort());
  /** The call's error and the time it rejected. */
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => ({ error: undefined as unknown, at: '' }),
      (error: unknown) => ({ error, at: hms(sim.clock.now()) }),
    );
  return { sim, saas, id: host.id, hms, patches, abortAfter, failure };
}

describe('recheck pacing of calls made together', () => {
  it('three rechecks of one hostname at once go a minute apart', async () => {
    const { sim, saas, id, hms, patches } = await pacingRig();
    expect(hms(sim.clock.now())).toBe('09:00:00');
    const hosts = await Promise.all([
      saas.validation.recheck(id),
      saas.validation.recheck(id),
      saas.validation.recheck(id),
    ]);
    expect(hosts.map((h) => h.id)).toEqual([id, id, id]);
    expect(patches()).toEqual(['09:00:00', '09:01:00', '09:02:00']);
    expect(hms(sim.clock.now())).toBe('09:02:00');
  });

  it('a client made by withOptions paces with the one it came from, and nextCheckAt knows', async () => {
    const { sim, saas, id, patches } = await pacingRig();
    const patient = saas.withOptions({ timeout: 120_000 });
    await Promise.all([saas.validation.recheck(id), patient.validation.recheck(id), saas.validation.recheck(id)]);
    expect(patches()).toEqual(['09:00:00', '09:01:00', '09:02:00']);
    const host = await saas.customHostnames.get(id);
    // The last recheck (09:02:00) restarts the schedule for both: the first check 60 s after it.
    expect(patient.validation.nextCheckAt(host)?.getTime()).toBe(saas.validation.nextCheckAt(host)?.getTime());
    expect(saas.validation.nextCheckAt(host)?.toISOString().slice(11, 19)).toBe('09:03:00');
    // Another clock is another timeline: its client paces on its own, from the schedule since creation.
    const elsewhere = saas.withOptions({ clock: new VirtualClock({ start: sim.clock.now() }) });
    expect(elsewhere.validation.nextCheckAt(host)?.toISOString().slice(11, 19)).toBe('09:02:03');
  });

  it('rechecks of two hostnames at once do not wait for each other', async () => {
    const { saas, id, patches } = await pacingRig();
    const other = await saas.customHostnames.create({
      hostname: 'www.customer-six.com',
      ssl: { method: 'http', type: 'dv' },
    });
    await Promise.all([
      saas.validation.recheck(id),
      saas.validation.recheck(other.id),
      saas.validation.recheck(id),
      saas.validation.recheck(other.id),
    ]);
    expect(patches()).toEqual(['09:00:00', '09:00:00', '09:01:00', '09:01:00']);
  });

  it('a recheck aborted in its wait gives its turn to the next one', async () => {
    const { saas, id, patches, abortAfter, failure } = await pacingRig();
    const controller = new AbortController();
    abortAfter(controller, 30_000);
    const [, second] = await Promise.all([
      saas.validation.recheck(id),
      failure(saas.validation.recheck(id, { signal: controller.signal })),
      saas.validation.recheck(id),
    ]);
    expect(second.error).toBeInstanceOf(AbortError);
    expect(second.at).toBe('09:00:30');
    expect(patches()).toEqual(['09:00:00', '09:01:00']);
  });

  it('a recheck aborted while others are ahead of it rejects at once and delays no one after it', async () => {
    const { saas, id, patches, abortAfter, failure } = await pacingRig();
    const controller = new AbortController();
    abortAfter(controller, 30_000);
    const [, , third] = await Promise.all([
      saas.validation.recheck(id),
      saas.validation.recheck(id),
      failure(saas.validation.recheck(id, { signal: controller.signal })),
      saas.validation.recheck(id),
    ]);
    expect(third.error).toBeInstanceOf(AbortError);
    expect(third.at).toBe('09:00:30');
    expect(patches()).toEqual(['09:00:00', '09:01:00', '09:02:00']);
  });

  it('a recheck whose read fails gives its turn to the next one', async () => {
    const { sim, saas, id, patches, failure } = await pacingRig();
    sim.faults.inject({ kind: 'status', status: 404, method: 'GET', nth: 2 });
    const [, second] = await Promise.all([
      saas.validation.recheck(id),
      failure(saas.validation.recheck(id, { maxRetries: 0 })),
      saas.validation.recheck(id),
    ]);
    expect(second.error).toMatchObject({ name: 'NotFoundError', status: 404 });
    expect(second.at).toBe('09:01:00');
    expect(patches()).toEqual(['09:00:00', '09:01:00']);
  });

  it('one after the other, a recheck within the minute waits for the minute to end', async () => {
    const { sim, saas, id, patches } = await pacingRig();
    await saas.validation.recheck(id);
    await sim.clock.sleep(10_000);
    await saas.validation.recheck(id);
    await saas.validation.recheck(id);
    await sim.clock.sleep(5 * 60_000);
    await saas.validation.recheck(id);
    expect(patches()).toEqual(['09:00:00', '09:01:00', '09:02:00', '09:07:00']);
  });
});
