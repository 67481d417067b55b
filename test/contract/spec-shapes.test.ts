/**
 * Where Cloudflare's OpenAPI document (test/contract/openapi.json) and the client meet,
 * read from the document itself (no Prism, so it runs in `npm test`): the client knows
 * every enum value the spec lists, needs only the fields the spec requires — except in the
 * documented places where the spec allows an answer the client cannot use, pinned here
 * together with what the client does with it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, ResponseValidationError } from '../../src/index.js';
import {
  BUNDLE_METHODS,
  CERTIFICATE_AUTHORITIES,
  DCV_METHODS,
  FALLBACK_ORIGIN_STATUSES,
  HOSTNAME_STATUSES,
  MIN_TLS_VERSIONS,
  SSL_STATUSES,
} from '../../src/schemas/enums.js';
import { envelope, HOST_ID, json, recordingClock, scriptedFetch, TOKEN, ZONE } from '../helpers/scripted-fetch.js';

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  items?: Schema;
  maxLength?: number;
};
type Operation = {
  operationId: string;
  parameters?: Array<{ name: string; in: string; schema: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

const spec = JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

function deref(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  return deref(spec.components.schemas[schema.$ref.replace('#/components/schemas/', '')] as Schema);
}

/** Properties and required names of a schema, with `allOf` merged in. */
function flatten(input: Schema): { properties: Record<string, Schema>; required: string[] } {
  const schema = deref(input);
  const out = { properties: { ...(schema.properties ?? {}) }, required: [...(schema.required ?? [])] };
  for (const part of schema.allOf ?? []) {
    const inner = flatten(part);
    Object.assign(out.properties, inner.properties);
    out.required.push(...inner.required);
  }
  return out;
}

const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
);
const successSchema = (o: Operation) =>
  (o.responses['200'] ?? o.responses['202'])?.content?.['application/json']?.schema;
const schemaNamed = (name: string) => flatten({ $ref: `#/components/schemas/tls-certificates-and-hostnames_${name}` });
const enumOf = (schema: Schema | undefined) => deref(schema ?? {}).enum;

function client(...scripts: Parameters<typeof scriptedFetch>) {
  const { fetch } = scriptedFetch(...scripts);
  return new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, fetch, clock: recordingClock(), rateLimit: false });
}

describe('the client knows what the spec lists', () => {
  it('every enum value of the fields the client reads is in its known lists (which stay open to new ones)', () => {
    const ssl = deref({ $ref: '#/components/schemas/tls-certificates-and-hostnames_ssl' });
    const sslProps = { ...(ssl.properties ?? {}), ...(ssl.oneOf?.[0]?.properties ?? {}) };
    const settings = schemaNamed('sslsettings').properties;
    expect(enumOf(schemaNamed('customhostname').properties.status)).toEqual([...HOSTNAME_STATUSES]);
    expect(enumOf(sslProps.status)).toEqual([...SSL_STATUSES]);
    expect(enumOf(sslProps.method)).toEqual([...DCV_METHODS]);
    expect(enumOf(sslProps.bundle_method)).toEqual([...BUNDLE_METHODS]);
    expect(enumOf(sslProps.type)).toEqual(['dv']);
    expect(enumOf(sslProps.certificate_authority)).toEqual([...CERTIFICATE_AUTHORITIES]);
    expect(enumOf(settings.min_tls_version)).toEqual([...MIN_TLS_VERSIONS]);
    for (const name of ['tls_1_3', 'http2', 'early_hints']) expect(enumOf(settings[name])).toEqual(['on', 'off']);
    expect(enumOf(schemaNamed('fallbackorigin').properties.status)).toEqual([...FALLBACK_ORIGIN_STATUSES]);
  });

  it('a custom hostname requires exactly id and hostname: the two fields the client cannot do without', async () => {
    expect(schemaNamed('custom-hostname').required.sort()).toEqual(['hostname', 'id']);
    const host = await client(envelope({ id: HOST_ID, hostname: 'app.customer-one.com' })).customHostnames.get(HOST_ID);
    expect(host).toEqual({ id: HOST_ID, hostname: 'app.customer-one.com' });
    const error = await client(envelope({ id: HOST_ID }))
      .customHostnames.get(HOST_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.path).toEqual(['result', 'hostname']);
  });
});

describe('answers the spec allows but the client cannot use (documented in test/contract/README.md)', () => {
  it('no success envelope requires `result`: a success without one is a ResponseValidationError', async () => {
    const enveloped = operations.filter(
      ({ operation }) => 'success' in flatten(successSchema(operation) ?? {}).properties,
    );
    expect(enveloped.map((o) => `${o.method} ${o.path}`)).toHaveLength(10);
    for (const { operation } of enveloped) {
      const { required, properties } = flatten(successSchema(operation) ?? {});
      expect(required).not.toContain('result');
      expect(required).toEqual(expect.arrayContaining(['success', 'errors', 'messages']));
      expect(Object.keys(properties)).toContain('result');
    }
    const error = await client(json({ success: true, errors: [], messages: [] }))
      .customHostnames.get(HOST_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toEqual([
      { path: ['result'], message: 'success: true but no result', code: 'missing_result' },
    ]);
  });

  it('the bare `{ id }` of the two DELETEs does not require id: `{}` is a ResponseValidationError', async () => {
    const bare = operations.filter(({ operation }) => {
      const schema = flatten(successSchema(operation) ?? {});
      return !('success' in schema.properties) && 'id' in schema.properties;
    });
    expect(bare.map((o) => `${o.method} ${o.path}`)).toEqual([
      'DELETE /zones/{zone_id}/custom_hostnames/{custom_hostname_id}',
      'DELETE /zones/{zone_id}/custom_hostnames/{custom_hostname_id}/certificate_pack/{certificate_pack_id}/certificates/{certificate_id}',
    ]);
    for (const { operation } of bare) expect(flatten(successSchema(operation) ?? {}).required).toEqual([]);
    const error = await client(json({}))
      .customHostnames.delete(HOST_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.path).toEqual(['id']);
  });

  it('three DELETEs declare a required JSON body with no schema; the client, like the official SDK, sends none', async () => {
    const withBody = operations.filter(
      ({ method, operation }) => method === 'DELETE' && operation.requestBody?.required,
    );
    expect(withBody.map((o) => o.path)).toEqual([
      '/zones/{zone_id}/custom_hostnames/{custom_hostname_id}',
      '/zones/{zone_id}/custom_hostnames/{custom_hostname_id}/certificate_pack/{certificate_pack_id}/certificates/{certificate_id}',
      '/zones/{zone_id}/custom_hostnames/fallback_origin',
    ]);
    for (const { operation } of withBody) expect(operation.requestBody?.content['application/json']).toEqual({});
    const { fetch, bodies, requests } = scriptedFetch(json({ id: HOST_ID }));
    await new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, fetch, rateLimit: false }).customHostnames.delete(
      HOST_ID,
    );
    expect(bodies).toEqual(['']);
    expect(requests[0]?.headers.get('content-type')).toBeNull();
  });

  it("path ids are the 32-character `identifier`, while Cloudflare's hostname ids are 36-character UUIDs", () => {
    const ids = operations.flatMap(({ operation }) =>
      (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, deref(p.schema).maxLength]),
    );
    expect(new Set(ids.map(([name]) => name))).toEqual(
      new Set(['zone_id', 'custom_hostname_id', 'certificate_pack_id', 'certificate_id']),
    );
    expect(ids.every(([, max]) => max === 32)).toBe(true);
  });
});
