/**
 * examples/fleet-worker's FleetPoller and drive() in Node, over a fake Durable Object storage
 * and the simulator's virtual clock (see harness.ts): what they store, what they read, and the
 * API calls they make.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Settled, Watching } from '../../examples/fleet-worker/src/drive.js';
import { fleet } from './harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('examples/fleet-worker: rechecks', () => {
  test('counts both calls of each recheck (its GET and its PATCH)', async () => {
    const f = fleet();
    const host = await f.create('shop.customer-one.com');
    f.sim.world.setRecord('CNAME', host.hostname, f.sim.cnameTarget, { at: f.clock.now() + 3 * HOUR });
    await f.enrol(host);
    await f.runAlarms(f.clock.now() + DAY);

    const [settled] = f.storage.values<Settled>('').filter((e) => e.kind === 'settled');
    const made = f.apiRequests(host.id);
    expect(made.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(settled).toMatchObject({ end: 'active', apiCalls: made.length });
  });
});

describe('examples/fleet-worker: POLL_DIAGNOSE_INTERVAL_MS', () => {
  test.each([
    [undefined, 300_000],
    ['600000', 600_000],
    ['1000', 1_000],
    ['300s', 300_000],
    ['', 300_000],
    ['500', 300_000],
    ['-60000', 300_000],
    ['Infinity', 300_000],
  ])('%j diagnoses every %i ms', async (setting, interval) => {
    const f = fleet(setting === undefined ? {} : { POLL_DIAGNOSE_INTERVAL_MS: setting });
    await f.enrol(await f.create('shop.customer-one.com'));
    const [watching] = f.storage.values<Watching>('');
    expect(watching?.state.diagnoseIntervalMs).toBe(interval);
  });
});
