import { describe, expect, it } from 'vitest';
import { createOrGet } from '../../src/custom-hostnames/create-or-get.js';
import { ConflictError, ConnectionError, type CustomHostname, ResponseValidationError } from '../../src/index.js';

const params = { hostname: 'app.customer-one.com' };
const host = { id: '0d89c70d-ad9f-4843-b99f-6cc0252067e9', hostname: params.hostname } as CustomHostname;
const lost = () => new ConnectionError('POST', '/zones/z/custom_hostnames');
const duplicate = () =>
  new ConflictError({ status: 409, method: 'POST', path: '/x', errors: [{ code: 1406, message: 'Duplicate' }] });

/** Scripted calls: each create answers with the next hostname or throws the next error; each find gives the next result. */
function deps(creates: (CustomHostname | Error)[], finds: (CustomHostname | undefined)[]) {
  const calls: string[] = [];
  return {
    calls,
    create: async () => {
      calls.push('create');
      const next = creates.shift();
      if (next === undefined) throw new Error('unexpected create');
      if (next instanceof Error) throw next;
      return next;
    },
    find: async () => {
      calls.push('find');
      return finds.shift();
    },
    now: () => NOW,
  };
}

const NOW = Date.parse('2026-03-02T10:00:00Z');
const madeAt = (ms: number) => ({ ...host, created_at: new Date(ms).toISOString() });

describe('createOrGet', () => {
  it('created: one create', async () => {
    const d = deps([host], []);
    expect(await createOrGet(d, params)).toEqual({ hostname: host, created: true, outcome: 'created' });
    expect(d.calls).toEqual(['create']);
  });

  it('existed: a 1406 is answered by the lookup', async () => {
    const d = deps([duplicate()], [host]);
    expect(await createOrGet(d, params)).toEqual({ hostname: host, created: false, outcome: 'existed' });
    expect(d.calls).toEqual(['create', 'find']);
  });

  it('reconciled: a lost answer whose create landed', async () => {
    const d = deps([lost()], [host]);
    expect(await createOrGet(d, params)).toEqual({ hostname: host, created: true, outcome: 'reconciled' });
  });

  it('a lost create that never landed is sent once more', async () => {
    const d = deps([lost(), host], [undefined]);
    expect(await createOrGet(d, params)).toEqual({ hostname: host, created: true, outcome: 'created' });
    expect(d.calls).toEqual(['create', 'find', 'create']);
  });

  it('a second create that meets a re-sent first one (1406) is reconciled by one more lookup', async () => {
    const d = deps([lost(), duplicate()], [undefined, host]);
    expect(await createOrGet(d, params)).toEqual({ hostname: host, created: true, outcome: 'reconciled' });
    expect(d.calls).toEqual(['create', 'find', 'create', 'find']);
  });

  it("never creates a third time: a second lost answer is looked up once, then the caller's to see", async () => {
    const d = deps([lost(), lost()], [undefined, undefined]);
    const memo = { mayHaveLanded: false };
    await expect(createOrGet(d, params, memo)).rejects.toBeInstanceOf(ConnectionError);
    expect(d.calls).toEqual(['create', 'find', 'create', 'find']);
    expect(memo.mayHaveLanded).toBe(false); // the lookup proved it absent
  });

  it('a second create whose answer is lost but which landed is reconciled by one more lookup', async () => {
    const d = deps([lost(), lost()], [undefined, host]);
    expect(await createOrGet(d, params)).toEqual({ hostname: host, created: true, outcome: 'reconciled' });
    expect(d.calls).toEqual(['create', 'find', 'create', 'find']);
  });

  it('a success whose body came damaged is an unknown outcome: looked up, reconciled', async () => {
    const damaged = () => new ResponseValidationError('POST', '/zones/z/custom_hostnames', 200, [], '{"success":tr');
    const d = deps([damaged()], [host]);
    expect(await createOrGet(d, params)).toEqual({ hostname: host, created: true, outcome: 'reconciled' });
    expect(d.calls).toEqual(['create', 'find']);
  });

  it('a lost answer, then a hostname found that was made well before the create was sent: existed', async () => {
    const cases = [
      [madeAt(NOW - 3_600_000), false, 'existed'], // an hour before: not this call's
      [madeAt(NOW - 9 * 60_000), true, 'reconciled'], // within the 10 minutes a clock may be off by
      [madeAt(NOW + 1_000), true, 'reconciled'],
      [{ ...host, created_at: 'not a date' }, true, 'reconciled'],
      [host, true, 'reconciled'], // no created_at
    ] as const;
    for (const [found, created, outcome] of cases) {
      const d = deps([lost()], [found]);
      expect(await createOrGet(d, params), JSON.stringify(found.created_at)).toEqual({
        hostname: found,
        created,
        outcome,
      });
      expect(d.calls).toEqual(['create', 'find']);
    }
  });
});
