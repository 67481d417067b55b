/**
 * examples/fleet-worker's FleetPoller and drive() in Node, over a fake Durable Object storage
 * and the simulator's virtual clock (see harness.ts): what they store, what they read, and the
 * API calls they make.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { drive, type Settled, type Watching } from '../../examples/fleet-worker/src/drive.js';
import type { CustomHostname } from '../../src/index.js';
import { fleet } from './harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('examples/fleet-worker: settled hostnames', () => {
  /** `n` hostnames that never validate, given up on after 1 s. */
  async function settledFleet(n: number) {
    const f = fleet({ POLL_DEADLINE_MS: '1000' });
    for (let i = 0; i < n; i++) await f.enrol(await f.create(`shop${i}.customer-one.com`));
    await f.runAlarms(f.clock.now() + HOUR);
    return f;
  }

  test('are kept under done:, out of what each alarm reads', async () => {
    const f = await settledFleet(20);
    expect(f.storage.values('host:')).toHaveLength(0);
    expect(f.storage.values<Settled>('done:')).toHaveLength(20);
    expect(f.storage.values<Settled>('done:').every((e) => e.end === 'timeout')).toBe(true);

    f.storage.listed = 0;
    await f.enrol(await f.create('new.customer-two.com'));
    const ran = await f.runAlarms(f.clock.now() + HOUR);
    expect(ran).toBeGreaterThan(0);
    // Each alarm read the one hostname being watched, none of the 20 settled ones.
    expect(f.storage.listed).toBe(ran);

    const status = await f.status('?limit=1000');
    expect(status).toMatchObject({ watching: 0, active: 0, failed: 0, timeout: 21 });
    expect(status.hostnames).toHaveLength(21);
  });

  test('are never enrolled again, by the cron or by hand', async () => {
    const f = await settledFleet(3);
    // Still pending at Cloudflare: the discovery lists them all.
    expect(await f.discover()).toBe(0);
    expect(await f.enrol(f.sim.hostname('shop0.customer-one.com') as CustomHostname)).toBe(0);
    expect(f.storage.values('host:')).toHaveLength(0);
    expect(f.storage.alarm).toBeNull();
  });

  test('a crash between the record and the end of the watch loses nothing, and counts the hostname once', async () => {
    const f = fleet({ POLL_DEADLINE_MS: '1000' });
    const host = await f.create('shop.customer-one.com');
    await f.enrol(host);
    let crashed = false;
    f.storage.beforeWrite = (op) => {
      if (op !== 'delete' || crashed) return;
      crashed = true;
      f.evict();
      throw new Error('the object was reset');
    };
    await f.runAlarms(f.clock.now() + 1_000);
    expect(crashed).toBe(true);
    expect(f.storage.values('host:')).toHaveLength(1);
    expect(await f.status()).toMatchObject({ watching: 0, timeout: 1, hostnames: [{ status: 'timeout' }] });

    await f.runAlarms(f.clock.now() + HOUR);
    expect(f.storage.values('host:')).toHaveLength(0);
    expect(f.storage.values<Settled>('done:')).toMatchObject([{ id: host.id, end: 'timeout' }]);
    expect(await f.status()).toMatchObject({ watching: 0, timeout: 1 });
  });

  test('one stored under host: by an earlier version is moved to done: by the next alarm', async () => {
    const f = await settledFleet(2);
    const [older, newer] = f.storage.values<Settled>('done:') as [Settled, Settled];
    await f.storage.put(`host:${older.id}`, older);
    f.storage.data.delete(`done:${older.id}`);
    // Enrolled now: an alarm runs.
    await f.enrol(await f.create('new.customer-two.com'));
    await f.runAlarms(f.clock.now() + HOUR);
    expect(f.storage.values('host:')).toHaveLength(0);
    expect(f.storage.values<Settled>('done:').map((e) => e.id)).toEqual(expect.arrayContaining([older.id, newer.id]));
    expect(await f.status()).toMatchObject({ watching: 0, timeout: 3 });
  });
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

describe('examples/fleet-worker: a crash after a recheck', () => {
  /** A hostname whose DNS is right 3 h after creation: the alarms diagnose it and recheck. */
  async function beforeRecheck() {
    const f = fleet();
    const host = await f.create('shop.customer-one.com');
    f.sim.world.setRecord('CNAME', host.hostname, f.sim.cnameTarget, { at: f.clock.now() + 3 * HOUR });
    await f.enrol(host);
    const patches = () => f.apiRequests(host.id).filter((r) => r.method === 'PATCH').length;
    return { f, host, patches };
  }

  test('sends no second PATCH when the object dies before saving what the first returned', async () => {
    const { f, patches } = await beforeRecheck();
    // The first three writes after the PATCH fail, each time with a new instance of the object.
    let crashes = 0;
    f.storage.beforeWrite = () => {
      if (patches() === 0 || crashes === 3) return;
      crashes++;
      f.evict();
      throw new Error('the object was reset');
    };
    await f.runAlarms(f.clock.now() + DAY);

    expect(crashes).toBe(3);
    expect(f.errors).toHaveLength(3);
    expect(patches()).toBe(1);
    const status = await f.status();
    expect(status).toMatchObject({ watching: 0, active: 1 });
  });

  test('saves the mark before the PATCH; the next drive reads the hostname and counts the recheck', async () => {
    const { f, host, patches } = await beforeRecheck();
    let marked: Watching | undefined;
    const crash = async (entry: Watching) => {
      marked = entry;
      throw new Error('the object was reset');
    };
    // The alarms as the object runs them, until the drive that rechecks (within 3 h and a few minutes).
    for (let i = 0; i < 1_000 && marked === undefined; i++) {
      const entry = f.storage.values<Watching>('')[0] as Watching;
      if (entry.wakeAt > f.clock.now()) await f.clock.advance(entry.wakeAt - f.clock.now());
      const next = await drive(f.saas, entry, 'woke', Date.now, crash).catch(() => entry);
      if (marked === undefined) await f.storage.put(`host:${host.id}`, next);
    }
    const saved = marked as Watching;
    expect(saved?.recheckSentAt).toBe(f.clock.now());
    expect(patches()).toBe(0);

    const before = f.apiRequests(host.id).length;
    const next = await drive(f.saas, saved, 'woke', Date.now, crash);
    const made = f.apiRequests(host.id).slice(before);
    expect(made.map((r) => r.method)).toEqual(['GET']);
    expect(next.kind).toBe('watching');
    const after = next as Watching;
    expect(after.recheckSentAt).toBeUndefined();
    expect(after.state).toMatchObject({
      rechecks: saved.state.rechecks + 1,
      apiCalls: saved.state.apiCalls + 1,
      lastRecheckAt: f.clock.now(),
    });
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
