import { describe, expect, test } from 'vitest';
import { VirtualClock } from '../../src/testing/index.js';

const START = Date.parse('2026-01-05T09:00:00Z');

describe('VirtualClock, manual mode', () => {
  test('starts at the given time and defaults to 2026-01-05T09:00:00Z', () => {
    expect(new VirtualClock({ start: 42 }).now()).toBe(42);
    expect(new VirtualClock().now()).toBe(START);
    expect(new VirtualClock().autoAdvance).toBe(false);
  });

  test('advance wakes due sleepers in time order and lands on the target', async () => {
    const clock = new VirtualClock({ start: 0 });
    const woke: Array<[string, number]> = [];
    void clock.sleep(300).then(() => woke.push(['c', clock.now()]));
    void clock.sleep(100).then(() => woke.push(['a', clock.now()]));
    void clock.sleep(200).then(() => woke.push(['b', clock.now()]));
    void clock.sleep(1000).then(() => woke.push(['late', clock.now()]));
    await clock.advance(500);
    expect(woke).toEqual([
      ['a', 100],
      ['b', 200],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(500);
    expect(clock.pendingSleepers).toBe(1);
    await clock.advance(500);
    expect(woke.at(-1)).toEqual(['late', 1000]);
  });

  test('a sleeper released by advance can schedule another one inside the same advance', async () => {
    const clock = new VirtualClock({ start: 0 });
    const times: number[] = [];
    void (async () => {
      await clock.sleep(10);
      times.push(clock.now());
      await clock.sleep(10);
      times.push(clock.now());
    })();
    await clock.advance(25);
    expect(times).toEqual([10, 20]);
  });

  test('sleep(0) resolves at once without moving time', async () => {
    const clock = new VirtualClock({ start: 5 });
    await clock.sleep(0);
    expect(clock.now()).toBe(5);
    expect(clock.pendingSleepers).toBe(0);
  });

  test('abort rejects with the signal reason at once and drops the sleeper', async () => {
    const clock = new VirtualClock({ start: 0 });
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    expect(clock.pendingSleepers).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(clock.pendingSleepers).toBe(0);
    await clock.advance(60_000);
    expect(clock.now()).toBe(60_000);
  });

  test('an already aborted signal rejects without registering a sleeper', async () => {
    const clock = new VirtualClock();
    const signal = AbortSignal.abort(new Error('already'));
    await expect(clock.sleep(10, signal)).rejects.toThrow('already');
    expect(clock.pendingSleepers).toBe(0);
  });

  test('advance rejects a negative duration', async () => {
    await expect(new VirtualClock().advance(-1)).rejects.toThrow(RangeError);
  });
});

describe('VirtualClock, auto mode', () => {
  test('jumps straight to each sleeper, concurrent sleepers waking in time order', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    const woke: Array<[string, number]> = [];
    await Promise.all([
      clock.sleep(4 * 3_600_000).then(() => woke.push(['4h', clock.now()])),
      clock.sleep(1_000).then(() => woke.push(['1s', clock.now()])),
      clock.sleep(7 * 86_400_000).then(() => woke.push(['7d', clock.now()])),
    ]);
    expect(woke).toEqual([
      ['1s', 1_000],
      ['4h', 14_400_000],
      ['7d', 604_800_000],
    ]);
  });

  test('a loop of long sleeps finishes with the virtual time of the sum', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    for (let i = 0; i < 50; i++) await clock.sleep(3_600_000);
    expect(clock.now()).toBe(50 * 3_600_000);
  });

  test('abort in auto mode rejects and leaves no sleeper', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(sleeping).rejects.toThrow('cancelled');
    expect(clock.pendingSleepers).toBe(0);
    expect(clock.now()).toBe(0);
  });

  test('switching auto mode on wakes sleepers that were waiting in manual mode', async () => {
    const clock = new VirtualClock({ start: 0 });
    const done = clock.sleep(5_000).then(() => clock.now());
    clock.autoAdvance = true;
    expect(await done).toBe(5_000);
  });
});
