/**
 * Every answer the simulator gives, checked against the response schema Cloudflare's OpenAPI
 * document (test/contract/openapi.json) declares for its operation and status: hostnames in
 * every state the simulator reaches (pending, active, moved, deleted, timed out, CAA-blocked,
 * uploaded certificates, wildcard, each CA and DCV method), lists with filters and pages, the
 * fallback origin's lifecycle, quota, the DCV delegation uuid, the certificate-pack endpoints,
 * and the failures (400, 401, 404, 409, 429, 503).
 *
 * Where the document cannot describe a real answer, the copy checked against is changed to
 * allow it (docs/testing.md §8 says the same):
 * - hostname ids are 36-character UUIDs, but the spec's `identifier` has `maxLength: 32` (§10.12);
 * - a 4XX is declared as a success envelope *and* a failure envelope, which no body can be:
 *   failures are checked against the failure envelope alone, and so are 5xx answers, which
 *   the document does not declare;
 * - Cloudflare's 429 carries code 971, below the `minimum: 1000` of the spec's message codes.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect, test } from 'vitest';
import { createSimulator, type Simulator, VirtualClock } from '../../src/testing/index.js';
import { api, createVariedHostnames, EC_KEY, HOUR, MINUTE, PEM_CERT, RSA_KEY } from './helpers.js';

type Json = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, { schema: Json }> }> };

const spec = JSON.parse(readFileSync(new URL('../contract/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
};
const schemas = spec.components.schemas;
const name = (short: string) => `tls-certificates-and-hostnames_${short}`;
delete (schemas[name('identifier')] as Json).maxLength;
delete ((schemas[name('messages')] as { items: { properties: { code: Json } } }).items.properties.code as Json).minimum;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
ajv.addFormat('int64', true);
ajv.addSchema({ $id: 'cf', components: spec.components });
const refs = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"cf#/components/'));

/** The spec's path templates as patterns, most literal first (`…/fallback_origin` before `…/{custom_hostname_id}`). */
const literalLength = (template: string) => template.replace(/\{[^}]+\}/g, '').length;
const templates = Object.keys(spec.paths)
  .sort((a, b) => literalLength(b) - literalLength(a))
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

const validators = new Map<string, ValidateFunction>();

/** The validator for the answer of `method template` with `status`, as the spec (patched above) declares it. */
function validatorFor(method: string, template: string, status: number): ValidateFunction {
  const key = `${method} ${template} ${status}`;
  const known = validators.get(key);
  if (known) return known;
  const responses = spec.paths[template]?.[method.toLowerCase()]?.responses ?? {};
  const declared = responses[String(status)] ?? (status >= 400 ? responses['4XX'] : undefined);
  let schema = declared?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the spec declares no ${status} for ${method} ${template}`);
  const parts = schema.allOf as Json[] | undefined;
  if (status >= 400 && parts) schema = parts.find((part) => String(part.$ref).includes('failure')) ?? schema;
  const validate = ajv.compile(refs(schema) as Json);
  validators.set(key, validate);
  return validate;
}

interface Checked {
  operation: string;
  status: number;
  errors: string[];
}

/** A simulator whose every API answer is checked against the spec as it goes out. */
function checkedSimulator(): { sim: Simulator; checked: Checked[] } {
  const sim = createSimulator({ clock: new VirtualClock({ start: Date.parse('2026-01-05T09:00:00Z') }) });
  const checked: Checked[] = [];
  const inner = sim.fetch.bind(sim);
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await inner(request);
    const path = new URL(request.url).pathname.replace(/^\/client\/v4/, '');
    const match = templates.find(({ pattern }) => pattern.test(path));
    if (!match) return response;
    const operation = `${request.method} ${match.template}`;
    const validate = validatorFor(request.method, match.template, response.status);
    const body: unknown = await response.clone().json();
    const errors = validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    checked.push({ operation, status: response.status, errors });
    return response;
  };
  return { sim: Object.assign(Object.create(sim) as Simulator, { fetch }), checked };
}

/** Drives the simulator through its states and failures; every answer is checked on the way. */
async function walkThrough(sim: Simulator, seenStates: string[]): Promise<void> {
  const create = (body: Json) => api(sim, 'POST', 'custom_hostnames', body);
  const host = (hostname: string) => sim.hostname(hostname)?.id as string;

  expect((await api(sim, 'GET', 'custom_hostnames/fallback_origin')).status).toBe(404);
  await api(sim, 'PUT', 'custom_hostnames/fallback_origin', { origin: `fallback.${sim.zoneName}` });
  await api(sim, 'GET', 'custom_hostnames/fallback_origin');
  await sim.clock.advance(10 * MINUTE);
  await api(sim, 'GET', 'custom_hostnames/fallback_origin');
  await api(sim, 'GET', 'custom_hostnames/quota');
  await api(sim, 'GET', 'dcv_delegation/uuid');

  await createVariedHostnames(sim);
  await create({
    hostname: 'uploaded.customer-nine.com',
    custom_origin_server: `eu.${sim.zoneName}`,
    custom_origin_sni: `eu.${sim.zoneName}`,
    ssl: {
      custom_cert_bundle: [
        { custom_certificate: PEM_CERT, custom_key: RSA_KEY },
        { custom_certificate: PEM_CERT, custom_key: EC_KEY },
      ],
    },
  });
  await create({ hostname: 'gone.customer-eight.com' });
  await api(sim, 'GET', 'custom_hostnames?per_page=50');
  await sim.clock.advance(20_000);
  await api(sim, 'GET', 'custom_hostnames?per_page=50');
  await sim.clock.advance(5 * MINUTE);
  await api(sim, 'GET', `custom_hostnames/${host('live.customer-one.com')}`); // active
  await api(sim, 'PATCH', `custom_hostnames/${host('caa.customer-two.com')}`, {
    ssl: { method: 'http', type: 'dv', settings: { http2: 'on' } },
  });
  await api(sim, 'PATCH', `custom_hostnames/${host('live.customer-one.com')}`, { custom_metadata: { plan: 'team' } });

  const uploaded = host('uploaded.customer-nine.com');
  const pack = sim.hostname(uploaded)?.ssl?.id as string;
  const [rsa, ecdsa] = sim.certificateIds(uploaded);
  const certificates = `custom_hostnames/${uploaded}/certificate_pack/${pack}/certificates`;
  await api(sim, 'PUT', `${certificates}/${rsa}`, { custom_certificate: PEM_CERT, custom_key: RSA_KEY });
  await api(sim, 'PUT', `${certificates}/${rsa}`, { custom_certificate: PEM_CERT, custom_key: EC_KEY }); // 400
  await api(sim, 'DELETE', `${certificates}/${rsa}`);
  await api(sim, 'DELETE', `${certificates}/${ecdsa}`); // 400: the last of the pack

  const gone = host('gone.customer-eight.com');
  await api(sim, 'DELETE', `custom_hostnames/${gone}`);
  await api(sim, 'GET', `custom_hostnames/${gone}`);

  sim.world.removeRecord('CNAME', 'live.customer-one.com');
  await sim.clock.advance(8 * 24 * HOUR); // the rest time out, move, and are deleted
  for (const query of [
    'per_page=50',
    'per_page=2&page=2&order=ssl&direction=desc',
    'per_page=5&page=9',
    'hostname_status=moved',
    'ssl_status=validation_timed_out',
    'hostname.contain=customer&wildcard=true',
    'ssl=1&certificate_authority=google',
  ]) {
    await api(sim, 'GET', `custom_hostnames?${query}`);
  }
  const states = async () => {
    for (const { hostname } of sim.hostnames()) await api(sim, 'GET', `custom_hostnames/${host(hostname)}`);
    return sim.hostnames().map((h) => `${h.status}/${h.ssl?.status}`);
  };
  seenStates.push(...(await states()));
  await sim.clock.advance(8 * 24 * HOUR); // moved for 7 days: deleted
  await api(sim, 'GET', 'custom_hostnames?per_page=50');
  seenStates.push(...(await states()));

  // Failures.
  await create({ hostname: 'live.customer-one.com' }); // 409
  await create({ hostname: 'not a hostname' });
  await create({ hostname: 'x.customer-ten.com', ssl: { method: 'carrier-pigeon', type: 'dv' } });
  await api(sim, 'POST', 'custom_hostnames', '{"hostname":');
  await api(sim, 'GET', 'custom_hostnames?per_page=5000');
  await api(sim, 'GET', 'custom_hostnames/0d89c70d-ad9f-4843-b99f-6cc0252067e9');
  await api(sim, 'DELETE', 'custom_hostnames/0d89c70d-ad9f-4843-b99f-6cc0252067e9');
  await api(sim, 'PATCH', `custom_hostnames/${host('txt.customer-three.com')}`, { ssl: { method: 'nope' } });
  await api(sim, 'PUT', 'custom_hostnames/fallback_origin', { origin: 'elsewhere.example.net' });
  await api(sim, 'PUT', 'custom_hostnames/fallback_origin', {});
  await api(sim, 'GET', 'custom_hostnames', undefined, { authorization: 'Bearer wrong-token' });
  await api(sim, 'GET', 'custom_hostnames', undefined, {});
  sim.faults.inject({ kind: 'status', status: 429 });
  await api(sim, 'GET', 'custom_hostnames');
  sim.faults.inject({ kind: 'status', status: 503 });
  await api(sim, 'GET', 'custom_hostnames/quota');
  await api(sim, 'DELETE', 'custom_hostnames/fallback_origin', undefined, { authorization: 'Bearer wrong-token' });
  await api(sim, 'DELETE', 'custom_hostnames/fallback_origin');
  await api(sim, 'GET', 'custom_hostnames/fallback_origin');
}

test("every simulator answer matches the spec's response schema for its operation and status", async () => {
  const { sim, checked } = checkedSimulator();
  const states: string[] = [];
  await walkThrough(sim, states);
  expect(checked.filter((c) => c.errors.length > 0)).toEqual([]);
  // The walk reaches every operation of the spec, and answers each with a success and a failure.
  const seen = (ok: boolean) => new Set(checked.filter((c) => c.status < 300 === ok).map((c) => c.operation));
  const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(operations.filter((o) => !seen(true).has(o))).toEqual([]);
  expect(
    operations.filter((o) => !seen(false).has(o) && !o.includes('quota') && !o.includes('dcv_delegation')),
  ).toEqual([]);
  const statuses = new Set(checked.map((c) => c.status));
  for (const status of [200, 202, 400, 401, 404, 409, 429, 503]) expect(statuses).toContain(status);
  expect([...new Set(states)].sort()).toMatchInlineSnapshot(`
    [
      "active/active",
      "active/pending_validation",
      "active/validation_timed_out",
      "deleted/active",
      "deleted/validation_timed_out",
      "moved/active",
      "moved/pending_validation",
      "moved/validation_timed_out",
    ]
  `);
});

test('the check sees what the spec forbids: an answer that breaks it is reported', async () => {
  const validate = validatorFor('GET', '/zones/{zone_id}/custom_hostnames/{custom_hostname_id}', 200);
  const answer = {
    success: true,
    errors: [],
    messages: [],
    result: { id: 'x', hostname: 'a.example.com', ssl: { settings: { ciphers: ['A', 'A'] } } },
  };
  expect(validate(answer)).toBe(false);
  expect(validate.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toContain(
    '/result/ssl/settings/ciphers uniqueItems',
  );
});
