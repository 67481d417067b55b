import { expect, it } from 'vitest';
import { InputError } from '../../../src/index.js';
import { HOST, setup } from './helpers.js';

// migrate() sets ssl.method 'http', type 'dv' and no wildcard itself: a caller's value that
// says otherwise (from JavaScript, past the types) is refused at the call, not overwritten.
it.each([
  ['method', 'txt'],
  ['type', 'advanced'],
  ['wildcard', true],
])('migrate refuses ssl.%s %j at the call, before any request', async (key, value) => {
  const { sim, saas } = setup();
  let thrown: unknown;
  try {
    await saas.validation.migrate({ hostname: HOST, ssl: { [key]: value } as never }).next();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InputError);
  expect(thrown).toMatchObject({ field: `ssl.${key}`, value });
  expect((thrown as Error).message).toContain('leave it out');
  expect(sim.requests.filter((r) => r.kind === 'api')).toEqual([]);
});

it('migrate accepts the values it would set anyway', async () => {
  const { sim, saas } = setup();
  const flow = saas.validation.migrate({
    hostname: HOST,
    ssl: { method: 'http', type: 'dv', wildcard: false } as never,
  });
  const first = await flow.next();
  expect(first.done).toBe(false);
  expect(sim.requests.filter((r) => r.kind === 'api' && r.method === 'POST')).toHaveLength(1);
  await flow.return(undefined as never);
});
