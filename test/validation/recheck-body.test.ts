import { describe, expect, it } from 'vitest';
import { recheckBody } from '../../src/index.js';

const HOST = 'shop.customer-two.com';

describe('recheckBody', () => {
  it('resends method, type and known settings, and leaves out a setting value this version does not know', () => {
    const body = recheckBody({
      id: '0d89c70d-ad9f-4843-b99f-6cc0252067e9',
      hostname: HOST,
      ssl: {
        method: 'txt',
        type: 'dv',
        settings: { min_tls_version: '1.4', http2: 'on', ciphers: ['ECDHE-RSA-AES128-GCM-SHA256'] },
      },
    });
    expect(body).toEqual({
      ssl: { method: 'txt', type: 'dv', settings: { http2: 'on', ciphers: ['ECDHE-RSA-AES128-GCM-SHA256'] } },
    });
  });
});
