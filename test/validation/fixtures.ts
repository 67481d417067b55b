import type { CustomHostname, Ssl } from '../../src/schemas/index.js';

export const HOST_ID = '0d89c70d-ad9f-4843-b99f-6cc0252067e9';
export const OWNERSHIP_TOKEN = '5cc07c04-ea62-4a5a-95f0-419334a875a4';
export const CNAME_TARGET = 'customers.saasprovider.com';
export const CREATED_AT = '2026-01-05T09:00:00Z';
export const T0 = Date.parse(CREATED_AT);

/** A custom hostname as Cloudflare returns it after create + a GET: pending, TXT DCV records present. */
export function makeHost(overrides: Partial<CustomHostname> = {}, ssl: Partial<Ssl> = {}): CustomHostname {
  return {
    id: HOST_ID,
    hostname: 'app.customer-one.com',
    status: 'pending',
    verification_errors: ['custom hostname does not CNAME to this zone.'],
    ownership_verification: { type: 'txt', name: '_cf-custom-hostname.app.customer-one.com', value: OWNERSHIP_TOKEN },
    ownership_verification_http: {
      http_url: `http://app.customer-one.com/.well-known/cf-custom-hostname-challenge/${HOST_ID}`,
      http_body: OWNERSHIP_TOKEN,
    },
    created_at: CREATED_AT,
    ...overrides,
    ssl: {
      id: 'a7b1c2d3-0000-4000-8000-000000000001',
      type: 'dv',
      method: 'txt',
      status: 'pending_validation',
      validation_records: [
        {
          status: 'pending',
          txt_name: '_acme-challenge.app.customer-one.com',
          txt_value: '810b7d5f01154524b961ba0cd578acc2',
        },
      ],
      certificate_authority: 'google',
      wildcard: false,
      ...ssl,
    },
  };
}

/** An active, serving hostname. */
export function activeHost(overrides: Partial<CustomHostname> = {}): CustomHostname {
  return makeHost(
    { status: 'active', verification_errors: [], ...overrides },
    { status: 'active', validation_records: [] },
  );
}

/** A hostname with an uploaded (custom) certificate being deployed: no DCV method, no CA, no records. */
export function uploadedHost(overrides: Partial<CustomHostname> = {}): CustomHostname {
  return makeHost(overrides, {
    status: 'pending_deployment',
    method: undefined,
    type: undefined,
    validation_records: undefined,
    certificate_authority: undefined,
    custom_certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    uploaded_on: '2026-01-05T09:00:00Z',
  });
}
