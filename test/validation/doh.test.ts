import { describe, expect, it } from 'vitest';
import { caaRecord, DEFAULT_DOH_RESOLVER, orError, queryDns, txtText } from '../../src/validation/doh.js';

const answering =
  (body: unknown, status = 200): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { status });

describe('queryDns', () => {
  const options = (fetcher: typeof fetch) => ({ resolver: DEFAULT_DOH_RESOLVER, fetch: fetcher });

  it('returns the answers and the response code', async () => {
    const answer = { name: 'app.customer-one.com.', type: 16, TTL: 300, data: '"x"' };
    expect(await queryDns('app.customer-one.com', 'TXT', options(answering({ Status: 0, Answer: [answer] })))).toEqual({
      ok: true,
      rcode: 0,
      answers: [answer],
    });
    expect(await queryDns('nope.customer-one.com', 'TXT', options(answering({ Status: 3 })))).toEqual({
      ok: true,
      rcode: 3,
      answers: [],
    });
  });

  it('reports other response codes, HTTP errors and malformed answers as errors', async () => {
    expect(await queryDns('a.customer-one.com', 'CAA', options(answering({ Status: 5, Answer: [] })))).toEqual({
      ok: false,
      error: 'DNS REFUSED for a.customer-one.com CAA',
    });
    expect(await queryDns('a.customer-one.com', 'CAA', options(answering({ Status: 9 })))).toEqual({
      ok: false,
      error: 'DNS rcode 9 for a.customer-one.com CAA',
    });
    expect(await queryDns('a.customer-one.com', 'A', options(answering({}, 503)))).toEqual({
      ok: false,
      error: 'resolver answered HTTP 503',
    });
    expect(await queryDns('a.customer-one.com', 'A', options(answering({ Status: 0, Answer: [{ name: 1 }] })))).toEqual(
      {
        ok: false,
        error: 'resolver sent an unreadable answer',
      },
    );
  });

  it('keeps the resolver’s own query parameters', async () => {
    let asked = '';
    const fetcher: typeof fetch = async (input) => {
      asked = String(input);
      return Response.json({ Status: 0 });
    };
    await queryDns('app.customer-one.com', 'CNAME', {
      resolver: 'https://dns.resolver-one.net/q?ct=1',
      fetch: fetcher,
    });
    expect(asked).toBe('https://dns.resolver-one.net/q?ct=1&name=app.customer-one.com&type=CNAME');
  });
});

describe('orError', () => {
  it('wraps a value, turns a failure into its message, and rethrows on abort', async () => {
    expect(await orError(async () => 7, undefined)).toEqual({ ok: true, value: 7 });
    expect(
      await orError(async () => {
        throw new Error('down');
      }, undefined),
    ).toEqual({ ok: false, error: 'down' });
    expect(
      await orError(async () => {
        throw 'plain';
      }, undefined),
    ).toEqual({ ok: false, error: 'plain' });
    const controller = new AbortController();
    const reason = new Error('user left');
    controller.abort(reason);
    await expect(
      orError(async () => {
        throw new Error('fetch aborted');
      }, controller.signal),
    ).rejects.toBe(reason);
  });
});

describe('orError with a time limit', () => {
  const hang = (signal: AbortSignal | undefined) =>
    new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));

  it('gives up on work that never ends, as a failure that says so', async () => {
    expect(await orError(hang, undefined, 20)).toEqual({ ok: false, error: 'no answer within 20 ms' });
  });

  it("still rethrows the caller's abort, and leaves work that ends in time alone", async () => {
    const controller = new AbortController();
    const reason = new Error('user left');
    const pending = orError(hang, controller.signal, 60_000);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await orError(async () => 'fast', undefined, 60_000)).toEqual({ ok: true, value: 'fast' });
  });
});

describe('TXT and CAA data', () => {
  it('joins quoted TXT strings and undoes escapes', () => {
    expect(txtText('"5cc07c04-ea62-4a5a-95f0-419334a875a4"')).toBe('5cc07c04-ea62-4a5a-95f0-419334a875a4');
    expect(txtText('"abc" "def"')).toBe('abcdef');
    expect(txtText('"say \\"hi\\"" "\\065\\\\"')).toBe('say "hi"A\\');
    expect(txtText(' bare-value ')).toBe('bare-value');
  });

  it('reads CAA records in presentation and generic form', () => {
    expect(caaRecord('0 issue "letsencrypt.org"')).toEqual({ flags: 0, tag: 'issue', value: 'letsencrypt.org' });
    expect(caaRecord('128 ISSUEWILD "pki.goog; cansignhttpexchanges=yes"')).toEqual({
      flags: 128,
      tag: 'issuewild',
      value: 'pki.goog; cansignhttpexchanges=yes',
    });
    expect(caaRecord('\\# 15 00 05 69 73 73 75 65 70 6b 69 2e 67 6f 6f 67')).toEqual({
      flags: 0,
      tag: 'issue',
      value: 'pki.goog',
    });
    expect(caaRecord('\\# 3 00 05 69')).toBeNull();
    expect(caaRecord('not a caa record')).toBeNull();
  });
});
