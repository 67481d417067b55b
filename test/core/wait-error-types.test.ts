/**
 * `instanceof` on the wait errors narrows to useful types, not `any`: type-checked by
 * `npm run typecheck` (the `@ts-expect-error` lines fail it if a field turns `any` again),
 * and run by vitest.
 */
import { describe, expect, it } from 'vitest';
import { PollTimeoutError, ValidationFailedError } from '../../src/core/errors.js';
import { DELETED_VERDICT, type FailedVerdict } from '../../src/validation/verdict.js';
import { makeHost, T0 } from '../validation/fixtures.js';

function caught(error: unknown): string[] {
  const seen: string[] = [];
  if (error instanceof ValidationFailedError) {
    // @ts-expect-error `verdict` is the union of verdicts thrown, not `any`.
    seen.push(String(error.verdict.nonsense));
    // @ts-expect-error `snapshot` is a hostname, a fallback origin or `null`, not `any`.
    const snapshot: number = error.snapshot;
    seen.push(String(snapshot));
    // The fields every verdict has, or may have, stay readable.
    const reason: string = error.verdict.reason;
    const actor: FailedVerdict['actor'] | undefined = error.verdict.actor;
    if (error.verdict.state === 'failed') {
      const fix: FailedVerdict['fix'] = error.verdict.fix;
      seen.push(fix);
    }
    seen.push(reason, String(actor));
  }
  if (error instanceof PollTimeoutError) {
    // @ts-expect-error `snapshot` is a hostname, a fallback origin or `null`, not `any`.
    const snapshot: number = error.snapshot;
    seen.push(String(snapshot === null ? null : typeof snapshot));
    // @ts-expect-error `deadline` is a number.
    const wrong: string = error.deadline;
    seen.push(String(wrong), String(error.snapshot?.status));
  }
  return seen;
}

describe('wait errors after instanceof', () => {
  it('ValidationFailedError exposes its verdict and snapshot with their types', () => {
    const error = new ValidationFailedError(DELETED_VERDICT, null);
    expect(caught(error)).toEqual(['undefined', 'null', 'recreate', 'deleted', 'provider']);
  });

  it('a fallback origin verdict is `{ reason }` alone: no actor, state or fix', () => {
    const error = new ValidationFailedError({ reason: 'deployment_timed_out: no detail' }, null, 'fallback origin');
    expect(caught(error).slice(1)).toEqual(['null', 'deployment_timed_out: no detail', 'undefined']);
  });

  it('PollTimeoutError exposes its deadline and snapshot with their types', () => {
    const error = new PollTimeoutError(T0, makeHost());
    expect(caught(error)).toEqual(['object', String(T0), 'pending']);
  });
});
