import { describe, expect, it } from 'vitest';
import { APIError, ConnectionError } from '../../src/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { RecheckPacing } from '../../src/validation/recheck-pacing.js';
import { HOSTNAME_SCHEDULE_END_S } from '../../src/validation/schedule.js';

const ID = '0d89c70d-ad9f-4843-b99f-6cc0252067e9';
const OTHER = '1e9ad81e-be0a-4954-c0a0-7dd1363178fa';

describe('RecheckPacing', () => {
  it('tells its listeners of each recheck, with the hostname, a minute apart, until they stop', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    const pacing = new RecheckPacing();
    const heard: [string, number][] = [];
    const stop = pacing.onRecheck((hostId, at) => heard.push([hostId, at]));
    await pacing.turn(ID, clock, undefined, async () => 'done');
    await pacing.turn(ID, clock, undefined, async () => 'done');
    stop();
    await pacing.turn(ID, clock, undefined, async () => 'done');
    await pacing.turn(OTHER, clock, undefined, async () => 'done');
    expect(heard).toEqual([
      [ID, 0],
      [ID, 60_000],
    ]);
    expect(pacing.lastRecheckAt(ID, clock.now())).toBe(120_000);
  });

  it('tells nobody of a recheck that failed', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    const pacing = new RecheckPacing();
    const heard: number[] = [];
    pacing.onRecheck((_, at) => heard.push(at));
    await expect(pacing.turn(ID, clock, undefined, () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(heard).toEqual([]);
    expect(pacing.lastRecheckAt(ID, clock.now())).toBeUndefined();
  });

  it('waits a minute after a PATCH whose answer was lost, which may have landed, but not after a refused one or a failed read', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    const pacing = new RecheckPacing();
    const heard: number[] = [];
    pacing.onRecheck((_, at) => heard.push(at));
    const starts: number[] = [];
    const lost = new ConnectionError('PATCH', `/zones/z/custom_hostnames/${ID}`);
    const refused = new APIError({
      status: 503,
      method: 'PATCH',
      path: `/zones/z/custom_hostnames/${ID}`,
      errors: [{ code: 1500, message: 'Service Unavailable' }],
    });
    const attempt = (fail: Error | undefined, sent = true) =>
      pacing.turn(ID, clock, undefined, async (sending?: () => void) => {
        starts.push(clock.now());
        if (sent) sending?.();
        if (fail) throw fail;
        return 'done';
      });
    await expect(attempt(new Error('read failed'), false)).rejects.toThrow('read failed');
    await expect(attempt(refused)).rejects.toBe(refused);
    await expect(attempt(lost)).rejects.toBe(lost);
    await clock.sleep(1_000);
    await attempt(undefined);
    // The read that failed and the PATCH Cloudflare refused left the next turn free at once;
    // the lost answer held the next one to a minute after it.
    expect(starts).toEqual([0, 0, 0, 60_000]);
    // Nobody is told of the lost one, nor does a schedule count from it.
    expect(heard).toEqual([60_000]);
    expect(pacing.lastRecheckAt(ID, clock.now())).toBe(60_000);
  });

  it('is free for a hostname with no recheck waiting or running and none sent (or maybe sent) within the minute', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: false });
    const pacing = new RecheckPacing();
    expect(pacing.isFree(ID, 0)).toBe(true);
    let release!: () => void;
    const running = pacing.turn(ID, clock, undefined, () => new Promise<void>((resolve) => (release = resolve)));
    expect(pacing.isFree(ID, 0)).toBe(false);
    expect(pacing.isFree(OTHER, 0)).toBe(true);
    await Promise.resolve();
    release();
    await running;
    expect(pacing.isFree(ID, 59_999)).toBe(false);
    expect(pacing.isFree(ID, 60_000)).toBe(true);
    const lost = new ConnectionError('PATCH', `/zones/z/custom_hostnames/${OTHER}`);
    await expect(
      pacing.turn(OTHER, clock, undefined, async (sending) => {
        sending();
        throw lost;
      }),
    ).rejects.toBe(lost);
    expect(pacing.isFree(OTHER, 59_999)).toBe(false);
    expect(pacing.isFree(OTHER, 60_000)).toBe(true);
  });

  it('forgets a recheck whose schedule has run out', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    const pacing = new RecheckPacing();
    await pacing.turn(ID, clock, undefined, async () => 'done');
    const end = HOSTNAME_SCHEDULE_END_S * 1000;
    expect(pacing.lastRecheckAt(ID, end - 1)).toBe(0);
    expect(pacing.lastRecheckAt(ID, end)).toBeUndefined();
  });
});
