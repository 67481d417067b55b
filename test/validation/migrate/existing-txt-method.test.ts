import { expect, it } from 'vitest';
import { InputError } from '../../../src/index.js';
import { HOST, runDiligently, setup } from './helpers.js';

// docs/migration.md: createOrGet is "idempotent: a re-run picks the hostname up again". A
// hostname that already exists with ssl.method 'txt' never gets an HTTP DCV token
// (reference §3.4/§6.3: txt_name/txt_value only): the flow switches the method to http with
// one PATCH before it hands out a token. A wildcard certificate cannot validate by HTTP at all.
it('migrate on an existing hostname whose DCV method is txt does not wait days for an HTTP token', async () => {
  const { sim, saas } = setup();
  await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'txt', type: 'dv' } });
  const start = sim.clock.now();
  const deadline = start + 86_400_000;
  const { steps, error } = await runDiligently(
    sim,
    saas.validation.migrate({ hostname: HOST }, { deadline }),
    (step) => {
      // A diligent user also places any DCV TXT record the flow hands out.
      const rec = (step as { record?: { type: string; name: string; value: string; purpose: string } }).record;
      if (rec?.type === 'TXT' && rec.purpose === 'certificate') sim.world.addRecord('TXT', rec.name, rec.value);
    },
  );
  const types = steps.map((s) => s.type);
  expect(
    error,
    `ended after ${(sim.clock.now() - start) / 3_600_000} h with ${String(error)}; steps ${types.join(', ')}`,
  ).toBeUndefined();
  expect(types).toContain('certificate_active');
  expect(types.filter((t) => t === 'serve_dcv_token')).toHaveLength(1);
  expect(sim.hostname(HOST)?.ssl?.method).toBe('http');
});

it('migrate on an existing hostname with a wildcard certificate is an InputError naming the hostname', async () => {
  const { sim, saas } = setup();
  await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'txt', type: 'dv', wildcard: true } });
  const { steps, error } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }));
  expect(steps.map((s) => s.type)).toEqual(['created']);
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).field).toBe('hostname');
  expect(sim.hostname(HOST)?.ssl?.method).toBe('txt');
});
