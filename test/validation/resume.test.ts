import { describe, expect, it } from 'vitest';
import { AbortError, CloudflareSaaS, type PollState } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

const HOST = 'app.customer-four.com';
const S = 1000;

/** A simulator with an active fallback origin, a client on it, and a hostname just created by it. */
async function newHostname() {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
  const host = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  return { sim, saas, host, createdAt: Date.parse(host.created_at as string) };
}

describe('a wait resumed from its serialised PollState in a new client', () => {
  it('carries on where the first process stopped: same schedule, no extra reads, active at the right check', async () => {
    const { sim, saas: first, host, createdAt } = await newHostname();
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 3 * 3600 * S });

    // Process 1 waits, saving its state after each snapshot, and is stopped after one hour.
    let saved = '';
    const stop = new AbortController();
    const waiting = first.validation.waitUntilActive(host.id, {
      recheck: 'never',
      signal: stop.signal,
      onProgress: (e) => {
        saved = JSON.stringify(e.state);
        if (sim.clock.now() >= createdAt + 3600 * S) stop.abort();
      },
    });
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    const state = JSON.parse(saved) as PollState;
    expect(state).toMatchObject({ v: 1, id: host.id, scheduleStart: createdAt });
    const readsBefore = sim.requests.filter((r) => r.kind === 'api' && r.method === 'GET').length;

    // Process 2: a new client, nothing shared but the saved JSON.
    const second = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
    const active = await second.validation.waitUntilActive(host.id, { recheck: 'never', resumeFrom: state });
    expect(active.status).toBe('active');
    expect(active.ssl?.status).toBe('active');

    const reads = sim.requests.filter((r) => r.kind === 'api' && r.method === 'GET').slice(readsBefore);
    // The first read after the restart is the one the saved state was waiting for, not an immediate one.
    expect(reads[0]?.at).toBe(state.wakeAt);
    // Ownership passed at Cloudflare's first check after +3 h (retry 24, offset 12,293 s), seen
    // 2 s after the certificate check of the same round, 10 s later.
    const passed = sim.checks.find((c) => c.kind === 'hostname' && c.passed);
    expect((passed?.at ?? 0) - createdAt).toBe(12_293 * S);
    expect(reads.some((r) => r.at === (passed?.at ?? 0) + 12 * S)).toBe(true);
  });
});

describe('apiCalls in progress events', () => {
  it('counts every request the wait made, the GET and the PATCH of a recheck included', async () => {
    const { sim, saas, host, createdAt } = await newHostname();
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 3600 * S });
    const before = sim.requests.filter((r) => r.kind === 'api').length;
    let last: PollState | undefined;
    await saas.validation.waitUntilActive(host.id, { recheck: 'auto', onProgress: (e) => (last = e.state) });
    const made = sim.requests.filter((r) => r.kind === 'api').slice(before);
    expect(made.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(last).toMatchObject({ rechecks: 1, apiCalls: made.length });
  });
});

describe('a wait that starts or resumes after its schedule ran out or restarted', () => {
  const DAY = 86_400 * S;

  /** Starts a wait, stops it at its first progress event and returns the state it saved. */
  async function stateAfterFirstLook(saas: CloudflareSaaS, id: string): Promise<PollState> {
    let saved: PollState | undefined;
    const stop = new AbortController();
    const waiting = saas.validation.waitUntilActive(id, {
      recheck: 'never',
      signal: stop.signal,
      onProgress: (e) => {
        saved = e.state;
        stop.abort();
      },
    });
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    return saved as PollState;
  }
  const gets = (sim: ReturnType<typeof createSimulator>, after: number) =>
    sim.requests.filter((r) => r.kind === 'api' && r.method === 'GET' && r.at >= after);

  it('reads an active hostname once after a recheck of the same client more than 7.23 days ago', async () => {
    const { sim, saas, host } = await newHostname();
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    await saas.validation.recheck(host.id);
    await sim.clock.advance(8 * DAY);
    const from = sim.clock.now();
    const active = await saas.validation.waitUntilActive(host.id, { recheck: 'never' });
    expect(active.status).toBe('active');
    expect(gets(sim, from)).toHaveLength(1);
    expect(saas.validation.nextCheckAt(active)).toBeNull();
  });

  it('resumes a state saved before its automatic deadline by reading once, not by timing out', async () => {
    const { sim, saas, host, createdAt } = await newHostname();
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 3 * 3600 * S });
    const saved = await stateAfterFirstLook(saas, host.id);
    await sim.clock.advance(8 * DAY);
    expect(sim.clock.now()).toBeGreaterThan(saved.deadline);
    const from = sim.clock.now();
    const second = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
    const active = await second.validation.waitUntilActive(host.id, {
      recheck: 'never',
      resumeFrom: JSON.parse(JSON.stringify(saved)) as PollState,
    });
    expect(active.status).toBe('active');
    const reads = gets(sim, from);
    expect(reads).toHaveLength(1);
    expect(reads[0]?.at).toBe(from);
  });

  it('counts a resumed wait from a recheck the same client made since the state was saved', async () => {
    const { sim, saas, host, createdAt } = await newHostname();
    const saved = await stateAfterFirstLook(saas, host.id);
    expect(saved.scheduleStart).toBe(createdAt);
    await sim.clock.advance(DAY);
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    await saas.validation.recheck(host.id);
    const recheckedAt = sim.clock.now();
    const states: PollState[] = [];
    const active = await saas.validation.waitUntilActive(host.id, {
      recheck: 'never',
      resumeFrom: saved,
      onProgress: (e) => states.push(e.state),
    });
    expect(active.status).toBe('active');
    expect(states[0]).toMatchObject({ scheduleStart: recheckedAt, lastRecheckAt: recheckedAt });
    expect(states[0]?.lastSnapshotAt).toBe(recheckedAt);
  });
});

describe('a running wait and a recheck sent elsewhere on the same client', () => {
  it('reads at once after the recheck instead of sleeping until the old schedule’s next check', async () => {
    const { sim, saas, host, createdAt } = await newHostname();
    // The customer fixes DNS at +5 h; the "check now" button is pressed 10 minutes later.
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 5 * 3600 * S });
    const pressAt = createdAt + 5 * 3600 * S + 600 * S;
    const pressed = (async () => {
      await sim.clock.sleep(pressAt - sim.clock.now());
      return saas.validation.recheck(host.id);
    })();
    const states: PollState[] = [];
    const active = await saas.validation.waitUntilActive(host.id, {
      recheck: 'never',
      onProgress: (e) => states.push(e.state),
    });
    await pressed;
    expect(active.status).toBe('active');
    const patch = sim.requests.find((r) => r.kind === 'api' && r.method === 'PATCH');
    expect(patch?.at).toBe(pressAt);
    const afterPress = states.filter((s) => (s.lastSnapshotAt ?? 0) >= pressAt);
    // The first read is the moment of the recheck; then the issuance and deployment polls.
    expect(afterPress[0]).toMatchObject({ lastSnapshotAt: pressAt, scheduleStart: pressAt, lastRecheckAt: pressAt });
    // Issuance and deployment take 30 s each in the simulator: active seen 60 s after the press.
    expect(afterPress.map((s) => ((s.lastSnapshotAt ?? 0) - pressAt) / S)).toEqual([0, 30, 60]);
    // Its own counters: the recheck was not the wait's.
    expect(afterPress.at(-1)?.rechecks).toBe(0);
  });
});

describe('a recheck sent before the certificate’s DCV records appeared', () => {
  // Such a recheck finds no certificate to check: the DCV schedule still starts with the
  // records, about 10 s after creation, not at the PATCH.
  it.each([0, 5])(
    'at +%i s: the wait reads 2 s after the certificate check that passes, not a schedule gap later',
    async (recheckAfterS) => {
      const { sim, saas, host, createdAt } = await newHostname();
      await sim.clock.sleep(recheckAfterS * S);
      await saas.validation.recheck(host.id);
      sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 2 * 3600 * S });
      const active = await saas.validation.waitUntilActive(host.id, { recheck: 'never' });
      expect(active.ssl?.status).toBe('active');
      const dcvPass = sim.checks.find((c) => c.kind === 'certificate' && c.passed)?.at as number;
      // Issuance and deployment take 30 s each in the simulator.
      expect(sim.clock.now() - (dcvPass + 60 * S)).toBe(2 * S);
    },
  );
});

describe('a wait with recheck "auto" resumed from its PollState', () => {
  it('looks at the customer’s DNS again at once, not after the next check of its schedule', async () => {
    const dnsAt = 40_000 * S; // between the checks at +39,401 s and +45,442 s
    const run = async (stopAt?: number) => {
      const { sim, saas, host, createdAt } = await newHostname();
      sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + dnsAt });
      let saved = '';
      const stop = new AbortController();
      const waiting = saas.validation.waitUntilActive(host.id, {
        recheck: 'auto',
        signal: stop.signal,
        onProgress: (e) => {
          saved = JSON.stringify(e.state);
          if (stopAt !== undefined && sim.clock.now() >= createdAt + stopAt) stop.abort();
        },
      });
      if ((await waiting.catch((e: unknown) => e)) instanceof AbortError) {
        const second = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
        await second.validation.waitUntilActive(host.id, { recheck: 'auto', resumeFrom: JSON.parse(saved) });
      }
      return (sim.clock.now() - createdAt) / S;
    };
    const uninterrupted = await run();
    // Stopped at the snapshot after the check at +39,401 s, and resumed at once.
    const resumed = await run(39_405 * S);
    expect(resumed).toBe(uninterrupted);
    expect(uninterrupted).toBeLessThan(40_000 + 120);
  }, 20_000);
});
