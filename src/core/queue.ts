/**
 * First come, first served turns, and promises that give up on abort: what the rate governor
 * and the recheck pacing wait on.
 *
 * @example
 * ```ts
 * const line = new TurnQueue();
 * await line.turn(signal, async () => { … }); // starts once every earlier turn is done
 * ```
 * @module
 */

/**
 * Settles with `promise`, or rejects with the signal's reason the moment it aborts (leaving no
 * listener behind).
 *
 * @example
 * ```ts
 * const host = await abortable(driver.get(id), signal);
 * ```
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Turns taken one at a time, in the order asked for. A turn that fails or is aborted while it
 * waits hands on to the next as soon as the one before it is done, so it holds no one up.
 *
 * @example
 * ```ts
 * const line = new TurnQueue();
 * await Promise.all([line.turn(undefined, first), line.turn(undefined, second)]); // second starts after first
 * ```
 */
export class TurnQueue {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;
  readonly #onIdle: (() => void) | undefined;

  /** `onIdle` is called each time the last turn waiting or running has handed on. */
  constructor(onIdle?: () => void) {
    this.#onIdle = onIdle;
  }

  /** Runs `work` once every earlier turn is done; rejects with the signal's reason on abort while waiting. */
  turn(signal: AbortSignal | undefined, work: () => Promise<void>): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = () => {
        resolve();
        if (--this.#waiting === 0) this.#onIdle?.();
      };
    });
    this.#waiting += 1;
    const done = abortable(previous, signal).then(work);
    done.then(release, () => previous.then(release));
    return done;
  }
}
