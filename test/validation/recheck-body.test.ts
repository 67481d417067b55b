import { describe, expect, it } from 'vitest';
import { InputError, recheckBody } from '../../src/index.js';
import { makeHost } from './fixtures.js';

describe('recheckBody', () => {
  it('sends back method, type, bundle method, wildcard and settings as Cloudflare gave them', () => {
    const host = makeHost(
      {},
      {
        method: 'txt',
        type: 'dv',
        bundle_method: 'ubiquitous',
        wildcard: false,
        settings: { min_tls_version: '1.2', http2: 'on', ciphers: ['ECDHE-RSA-AES128-GCM-SHA256'], early_hints: null },
      },
    );
    expect(recheckBody(host)).toEqual({
      ssl: {
        method: 'txt',
        type: 'dv',
        bundle_method: 'ubiquitous',
        wildcard: false,
        settings: { min_tls_version: '1.2', http2: 'on', ciphers: ['ECDHE-RSA-AES128-GCM-SHA256'] },
      },
    });
  });

  it('keeps values added to the API after this version: a new method, type or setting is still a no-change PATCH', () => {
    const host = makeHost({}, { method: 'acme_account', type: 'ev', settings: { min_tls_version: '1.4', pqc: 'on' } });
    expect(recheckBody(host)).toEqual({
      ssl: { method: 'acme_account', type: 'ev', wildcard: false, settings: { min_tls_version: '1.4', pqc: 'on' } },
    });
  });

  it('sends type dv when Cloudflare gave none, and throws InputError(ssl.method) for a hostname with no DCV method', () => {
    expect(recheckBody(makeHost({}, { type: undefined, wildcard: undefined }))).toEqual({
      ssl: { method: 'txt', type: 'dv' },
    });
    const custom = makeHost({}, { method: undefined });
    expect(() => recheckBody(custom)).toThrow(InputError);
    expect(() => recheckBody(custom)).toThrow(/ssl\.method.*no DCV method to resend/);
  });
});
