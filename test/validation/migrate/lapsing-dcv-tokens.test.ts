import { expect, it } from 'vitest';
import { type MigrationStep, ValidationFailedError } from '../../../src/index.js';
import { ALL_STEPS, HOST, runDiligently, setup } from './helpers.js';

// Reference §6.3: DCV tokens are valid 7 days with Let's Encrypt; "Expired tokens → refresh
// with a PATCH and share the new validation_records". A token that dies before Cloudflare
// looks at it is no use to the customer: the flow hands out a fresh one instead.
const LE = { method: 'http', type: 'dv', certificate_authority: 'lets_encrypt' } as const;
const DAY = 86_400_000;

const tokens = (steps: MigrationStep[]) => steps.flatMap((s) => (s.type === 'serve_dcv_token' ? [s.url] : []));

it("an existing hostname's token that lapses before Cloudflare's next check is renewed before it is handed out", async () => {
  const { sim, saas } = setup();
  const created = await saas.customHostnames.create({ hostname: HOST, ssl: LE });
  const ov = created.ownership_verification;
  sim.world.addRecord('TXT', ov?.name as string, ov?.value as string);
  await sim.clock.advance(6.9 * DAY); // the tokens die at 7.0 days; Cloudflare's checks are 4 h apart by now
  const old = sim.hostname(HOST)?.ssl?.validation_records?.[0]?.http_url;
  expect(sim.hostname(HOST)?.ssl?.status).toBe('pending_validation');
  const t0 = sim.clock.now();

  const { steps, error, at } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }));
  expect(error).toBeUndefined();
  expect(steps.map((s) => s.type)).toEqual(ALL_STEPS.filter((t) => t !== 'publish_ownership_txt'));
  const patches = sim.requests.filter((r) => r.method === 'PATCH' && r.at >= t0).map((r) => (r.at - t0) / 1000);
  expect(patches).toEqual([0]); // one renewal, before the token is handed out
  expect(tokens(steps)).toHaveLength(1);
  expect(tokens(steps)[0]).not.toBe(old);
  // The PATCH's own check finds nothing (the token is served after it); the next, 60 s on, passes.
  expect(((at.certificate_active ?? 0) - t0) / 1000).toBe(122);
});

it('tokens that lapse while the customer serves them are renewed and handed out again, not a failure', async () => {
  const { sim, saas } = setup();
  const t0 = sim.clock.now();
  let first = true;
  const { steps, error, at } = await runDiligently(
    sim,
    saas.validation.migrate({ hostname: HOST, ssl: LE }),
    (step) => {
      // The first token is served with the wrong body (a typo on the current origin) until it
      // lapses; the one handed out after the renewal is served right.
      if (step.type === 'serve_dcv_token' && first) {
        first = false;
        sim.world.serveHttp(step.url, 'not the token');
      }
    },
  );
  expect(error).toBeUndefined();
  expect(steps.map((s) => s.type)).toEqual([...ALL_STEPS.slice(0, 4), 'serve_dcv_token', ...ALL_STEPS.slice(4)]);
  const [a, b] = tokens(steps);
  expect(b).not.toBe(a);
  // The recheck after publish_ownership_txt (the fresh tokens get no PATCH of their own), then
  // the renewal when the wait reads the lapsed certificate (7.063 days in: the first check after the 7-day lifetime, plus 2 s).
  const patches = sim.requests.filter((r) => r.method === 'PATCH').map((r) => (r.at - t0) / 1000);
  expect(patches).toEqual([0, 610_275]);
  expect(((at.certificate_active ?? 0) - t0) / 1000).toBe(610_397);
});

it('tokens are renewed for a schedule after the first is handed out, not forever', async () => {
  const { sim, saas } = setup();
  const t0 = sim.clock.now();
  const { steps, error } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST, ssl: LE }), (step) => {
    if (step.type === 'serve_dcv_token') sim.world.serveHttp(step.url, 'not the token'); // never right
  });
  // One renewal at 7.063 days; the renewed tokens lapse past 624,663 s: a failure, as before.
  expect(steps.map((s) => s.type)).toEqual([...ALL_STEPS.slice(0, 4), 'serve_dcv_token']);
  expect(error).toBeInstanceOf(ValidationFailedError);
  expect((error as ValidationFailedError).verdict.reason).toBe('certificate is validation_timed_out');
  const patches = sim.requests.filter((r) => r.method === 'PATCH').map((r) => (r.at - t0) / 1000);
  expect(patches).toEqual([0, 610_275]);
  expect((sim.clock.now() - t0) / 1000).toBe(1_220_540); // read after the renewed tokens lapsed, 14.1 days in
});
