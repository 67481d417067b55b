import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/clock.js';

describe('systemClock.sleep', () => {
  afterEach(() => void vi.useRealTimers());

  it('sleeps past the longest timer (2^31 − 1 ms) in steps instead of waking at once', async () => {
    vi.useFakeTimers();
    let woke = false;
    const thirtyDays = 30 * 86_400_000;
    const sleeping = systemClock.sleep(thirtyDays).then(() => {
      woke = true;
    });
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(thirtyDays - 2 ** 31);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it('an abort during a later step rejects with the reason', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleeping = systemClock.sleep(30 * 86_400_000, controller.signal).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2 ** 31);
    controller.abort(new Error('stop'));
    expect(await sleeping).toEqual(new Error('stop'));
  });
});
