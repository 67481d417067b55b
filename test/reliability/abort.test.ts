/**
 * Aborting at every stage a call can be waiting in: before sending, in a retry wait, in the
 * poller's sleep, in the rate governor's queue, in a recheck's pacing, while waiting for
 * validation records, and in flight over loopback HTTP. Each rejects at once with
 * AbortError and leaves nothing behind: no sleeper on the virtual clock, no timer under fake
 * timers with the system clock, no later request, and (in a child process) nothing that
 * keeps the process alive.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, CloudflareSaaS, type CloudflareSaaSOptions } from '../../src/index.js';
import { createSimulator, type Simulator, VirtualClock } from '../../src/testing/index.js';
import { listen } from '../../src/testing-node.js';

const HOSTNAME = 'app.customer-one.com';

/**
 * Yields real macrotasks until `ready()` holds (the call reached the stage under test), for
 * at most 10 s of wall time (a loopback round trip on a loaded machine takes a while).
 */
async function until(ready: () => boolean): Promise<void> {
  const giveUp = performance.now() + 10_000;
  while (!ready() && performance.now() < giveUp) await new Promise((resolve) => setImmediate(resolve));
  expect(ready()).toBe(true);
}

/** Tracks whether a promise has settled, to prove an abort rejects at once. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false, error: undefined as unknown };
  const done = promise.then(
    () => {
      state.settled = true;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return { state, done };
}

/** Aborts, then proves the call rejected with AbortError within one macrotask. */
async function abortAndExpectAbortError(controller: AbortController, call: ReturnType<typeof track>) {
  expect(call.state.settled).toBe(false);
  controller.abort();
  await new Promise((resolve) => setImmediate(resolve));
  expect(call.state.settled).toBe(true);
  expect(call.state.error).toBeInstanceOf(AbortError);
}

function manualRig(options: Partial<CloudflareSaaSOptions> = {}) {
  const clock = new VirtualClock();
  const sim = createSimulator({ clock });
  const saas = new CloudflareSaaS({
    apiToken: sim.apiToken,
    zoneId: sim.zoneId,
    fetch: sim.fetch,
    clock,
    cnameTarget: sim.cnameTarget,
    dohResolver: sim.dohUrl,
    ...options,
  });
  return { sim, clock, saas, api: () => sim.requests.filter((r) => r.kind === 'api').length };
}

function seeded(sim: Simulator): string {
  sim.seedHostnames(1);
  return (sim.hostnames()[0] as { id: string }).id;
}

describe('abort on the virtual clock: nothing left sleeping, nothing sent afterwards', () => {
  it('before sending: AbortError, no request, no sleeper', async () => {
    const { sim, clock, saas, api } = manualRig();
    const id = seeded(sim);
    const error = await saas.customHostnames.get(id, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(api()).toBe(0);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('during a retry wait (503 with Retry-After 30): rejects at once, and the retry is never sent', async () => {
    const { sim, clock, saas, api } = manualRig();
    const id = seeded(sim);
    sim.faults.inject({ kind: 'status', status: 503, method: 'GET', headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    const start = clock.now();
    const call = track(saas.customHostnames.get(id, { signal: controller.signal }));
    await until(() => clock.pendingSleepers === 1);
    expect(api()).toBe(1);
    await abortAndExpectAbortError(controller, call);
    expect(clock.pendingSleepers).toBe(0);
    await clock.advance(3_600_000);
    expect(api()).toBe(1);
    expect(sim.requests[0]?.at).toBe(start);
  });

  it("during the poller's sleep between Cloudflare's checks: rejects at once, no further reads", async () => {
    const { clock, saas, api } = manualRig();
    const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: 'http', type: 'dv' } });
    const controller = new AbortController();
    const call = track(saas.validation.waitUntilActive(host.id, { recheck: 'never', signal: controller.signal }));
    await until(() => clock.pendingSleepers === 1 && api() === 2);
    await abortAndExpectAbortError(controller, call);
    expect(clock.pendingSleepers).toBe(0);
    await clock.advance(24 * 3_600_000);
    expect(api()).toBe(2);
  });

  it("in the rate governor's queue: rejects at once, sends nothing, and the next call still gets its turn", async () => {
    const { sim, clock, saas, api } = manualRig({ rateLimit: { requests: 1, windowMs: 60_000 } });
    const id = seeded(sim);
    await saas.customHostnames.get(id);
    const controller = new AbortController();
    const call = track(saas.customHostnames.get(id, { signal: controller.signal }));
    await until(() => clock.pendingSleepers === 1);
    await abortAndExpectAbortError(controller, call);
    expect(clock.pendingSleepers).toBe(0);
    expect(api()).toBe(1);
    const next = saas.customHostnames.get(id);
    await until(() => clock.pendingSleepers === 1);
    await clock.advance(60_000);
    await expect(next).resolves.toMatchObject({ id });
    expect(api()).toBe(2);
    expect(clock.pendingSleepers).toBe(0);
  });

  it("in a recheck's one-per-minute pacing: rejects at once, no PATCH sent", async () => {
    const { clock, saas, api } = manualRig();
    const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: 'http', type: 'dv' } });
    await saas.validation.recheck(host.id);
    const sent = api();
    const controller = new AbortController();
    const call = track(saas.validation.recheck(host.id, { signal: controller.signal }));
    await until(() => clock.pendingSleepers === 1);
    await abortAndExpectAbortError(controller, call);
    expect(clock.pendingSleepers).toBe(0);
    await clock.advance(120_000);
    expect(api()).toBe(sent);
  });

  it('while instructions wait for validation records: rejects at once', async () => {
    const { clock, saas, api } = manualRig();
    const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: 'txt', type: 'dv' } });
    const controller = new AbortController();
    const call = track(saas.validation.instructions(host.id, { signal: controller.signal }));
    await until(() => clock.pendingSleepers === 1 && api() === 2);
    await abortAndExpectAbortError(controller, call);
    expect(clock.pendingSleepers).toBe(0);
    await clock.advance(120_000);
    expect(api()).toBe(2);
  });
});

describe('abort on the system clock under fake timers: no timer left behind', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function systemRig(options: Partial<CloudflareSaaSOptions> = {}) {
    // Started at the (fake) current time, so a new hostname's schedule lies ahead of the system clock.
    const sim = createSimulator({ clock: new VirtualClock({ start: Date.now() }) });
    const saas = new CloudflareSaaS({ apiToken: sim.apiToken, zoneId: sim.zoneId, fetch: sim.fetch, ...options });
    return { sim, saas, api: () => sim.requests.filter((r) => r.kind === 'api').length };
  }

  it('a retry wait holds exactly one timer, and the abort clears it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const retrying = vi.fn();
    const { sim, saas, api } = systemRig({ hooks: { onRetry: retrying } });
    const id = seeded(sim);
    sim.faults.inject({ kind: 'status', status: 429, method: 'GET', headers: { 'retry-after': '45' } });
    const controller = new AbortController();
    const call = track(saas.customHostnames.get(id, { signal: controller.signal }));
    await until(() => retrying.mock.calls.length === 1 && vi.getTimerCount() === 1);
    await abortAndExpectAbortError(controller, call);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(3_600_000);
    expect(api()).toBe(1);
  });

  it("the rate governor's wait holds one timer, and the abort clears it", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { sim, saas, api } = systemRig({ rateLimit: { requests: 1, windowMs: 300_000 } });
    const id = seeded(sim);
    await saas.customHostnames.get(id);
    expect(vi.getTimerCount()).toBe(0);
    const controller = new AbortController();
    const call = track(saas.customHostnames.get(id, { signal: controller.signal }));
    await until(() => vi.getTimerCount() === 1);
    await abortAndExpectAbortError(controller, call);
    expect(vi.getTimerCount()).toBe(0);
    expect(api()).toBe(1);
  });

  it("the poller's sleep holds one timer, and the abort clears it", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { saas, api } = systemRig();
    const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: 'http', type: 'dv' } });
    const controller = new AbortController();
    const call = track(saas.validation.waitUntilActive(host.id, { recheck: 'never', signal: controller.signal }));
    await until(() => api() === 2 && vi.getTimerCount() === 1);
    // The timer is the poller's wait, not a last tick before giving up: nothing fires for 11 s.
    vi.advanceTimersByTime(11_000);
    expect(call.state.settled).toBe(false);
    expect(api()).toBe(2);
    await abortAndExpectAbortError(controller, call);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('abort in flight over loopback HTTP', () => {
  it('a request the server is still working on rejects with AbortError, not TimeoutError, and is never retried', async () => {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    const server = await listen(sim);
    try {
      const saas = new CloudflareSaaS({
        apiToken: sim.apiToken,
        zoneId: sim.zoneId,
        baseUrl: server.baseUrl,
        clock: sim.clock,
      });
      const id = seeded(sim);
      sim.faults.inject({ kind: 'delay', ms: 60_000, method: 'GET' });
      const controller = new AbortController();
      const call = saas.customHostnames.get(id, { signal: controller.signal }).catch((e: unknown) => e);
      await until(() => sim.requests.length === 1);
      controller.abort();
      const error = await call;
      expect(error).toBeInstanceOf(AbortError);
      expect(sim.requests.map((r) => r.status)).toEqual([0]);
      expect(sim.clock.pendingSleepers).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('nothing keeps the process alive after aborts', () => {
  it('a child process that aborts hour-long waits at every stage on the real clock exits by itself with no timer left', () => {
    const script = fileURLToPath(new URL('./fixtures/abort-every-stage.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    // The fixture counts live timers with process.getActiveResourcesInfo(), which Bun answers
    // with an empty list: under Bun the child runs on the machine's Node instead.
    const runtime = process.versions.bun ? 'node' : process.execPath;
    const child = spawnSync(runtime, [tsx, script], { encoding: 'utf8', timeout: 30_000 });
    expect({ error: child.error, status: child.status, stderr: child.stderr }).toEqual({
      error: undefined,
      status: 0,
      stderr: '',
    });
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(report).toEqual({
      outcomes: {
        'retry wait': 'AbortError',
        'poll sleep': 'AbortError',
        'rate governor': 'AbortError',
        'recheck pacing': 'AbortError',
        'in flight (loopback)': 'AbortError',
      },
      timersLeft: 0,
    });
  }, 40_000);
});
