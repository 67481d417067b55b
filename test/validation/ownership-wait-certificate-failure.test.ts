import { expect, it } from 'vitest';
import { initialPollState, POLL_DEFAULTS, step } from '../../src/validation/poll.js';
import { CREATED_AT, HOST_ID, makeHost, T0 } from './fixtures.js';

const S = 1000;

// docs/validation.md: "`until: 'ownership'` ends when the hostname is active, certificate or
// not (pre-validation)". A certificate-side failure (here the CA's CAA refusal, §7.3) says
// nothing about ownership: the hostname is still pending and Cloudflare keeps checking it on
// its schedule (§9.1), so an ownership wait should keep waiting, not throw the certificate's verdict.
it("until: 'ownership' keeps waiting on the hostname schedule when only the certificate failed", () => {
  const state = initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0, until: 'ownership', recheck: 'never' });
  const host = makeHost(
    {},
    {
      status: 'pending_validation',
      validation_errors: [
        { message: 'CAA records block issuance. Please remove all CAA records or add records for this authority.' },
      ],
    },
  );
  const { action } = step(state, { kind: 'snapshot', hostname: host }, T0 + 62 * S);
  expect(action).toEqual({ type: 'wait', until: T0 + 123 * S + POLL_DEFAULTS.marginMs });
});

it("until: 'ownership' keeps waiting when the DCV tokens timed out but the hostname is still pending", () => {
  const state = initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0, until: 'ownership', recheck: 'never' });
  const host = makeHost({}, { status: 'validation_timed_out' });
  // +7 days + 1 h: between retries 72 (+595,863 s) and 73 (+610,263 s)
  const now = T0 + 608_400 * S;
  const { action } = step(state, { kind: 'snapshot', hostname: host }, now);
  expect(action).toEqual({ type: 'wait', until: T0 + 610_263 * S + POLL_DEFAULTS.marginMs });
});

it("until: 'ownership' still ends on a failure of the hostname's own, with the full verdict", () => {
  const state = initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0, until: 'ownership', recheck: 'never' });
  const host = makeHost({ status: 'blocked' }, { status: 'validation_timed_out' });
  const { action } = step(state, { kind: 'snapshot', hostname: host }, T0 + 62 * S);
  expect(action).toMatchObject({ type: 'failed', verdict: { state: 'failed' }, hostname: host });
});
