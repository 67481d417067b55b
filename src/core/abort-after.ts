/**
 * A signal that aborts after `ms` (a timeout) or when `signal` aborts. Plain `setTimeout` and
 * one `AbortController`, cleared after the body is read: cheaper per request than a wrapper
 * library's request cloning and merged signals, and the timeout covers the body too.
 *
 * @example
 * ```ts
 * const limit = abortAfter(30_000, signal);
 * try { await fetch(url, { signal: limit.signal }); } finally { limit.clear(); }
 * ```
 */
export function abortAfter(ms: number, signal: AbortSignal | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal?.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  // Aborted already (say, from a hook that ran after the call's own check): no event will come.
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
