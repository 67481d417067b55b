/**
 * API drift, through the real client. Properties over generated hostname objects (scripted
 * fetch): extra fields and unknown enum strings anywhere are kept as they came and never
 * throw, while a wrong type on any field the client reads always throws
 * ResponseValidationError pointing at that field. Then the simulator's `drift` fault, on every
 * operation the client has and in the middle of a wait.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type APIError, CloudflareSaaS, classify, NotFoundError, ResponseValidationError } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import {
  envelope,
  HOST_ID,
  hostname,
  json,
  recordingClock,
  scriptedFetch,
  TOKEN,
  ZONE,
} from '../helpers/scripted-fetch.js';

const RUNS = 500;

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const record = fc.record({
  txt_name: maybe(fc.string()),
  txt_value: maybe(fc.string()),
  http_url: maybe(fc.webUrl()),
  http_body: maybe(fc.string()),
  cname: maybe(fc.string()),
  cname_target: maybe(fc.string()),
  emails: maybe(fc.array(fc.emailAddress(), { maxLength: 2 })),
  status: maybe(word),
});

/** Hostname objects with the types the client reads, values from anywhere. */
const hostnameObject = fc.record(
  {
    id: fc.uuid(),
    hostname: fc.domain(),
    status: maybe(word),
    created_at: maybe(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    verification_errors: maybe(fc.array(fc.string(), { maxLength: 2 })),
    custom_metadata: maybe(fc.dictionary(word, fc.string(), { maxKeys: 3 })),
    custom_origin_server: maybe(fc.domain()),
    custom_origin_sni: maybe(fc.domain()),
    ownership_verification: maybe(
      fc.record({ type: maybe(word), name: maybe(fc.string()), value: maybe(fc.string()) }),
    ),
    ownership_verification_http: maybe(fc.record({ http_url: maybe(fc.webUrl()), http_body: maybe(fc.string()) })),
    ssl: maybe(
      fc.record(
        {
          id: maybe(fc.uuid()),
          type: maybe(word),
          method: maybe(word),
          status: maybe(word),
          certificate_authority: maybe(word),
          bundle_method: maybe(word),
          wildcard: maybe(fc.boolean()),
          validation_records: maybe(fc.array(record, { maxLength: 2 })),
          dcv_delegation_records: maybe(fc.array(record, { maxLength: 1 })),
          validation_errors: maybe(fc.array(fc.record({ message: maybe(fc.string()) }), { maxLength: 2 })),
          settings: maybe(
            fc.record(
              {
                min_tls_version: maybe(word),
                tls_1_3: maybe(word),
                http2: maybe(word),
                early_hints: maybe(word),
                ciphers: maybe(fc.array(fc.string(), { maxLength: 2 })),
              },
              { requiredKeys: [] },
            ),
          ),
          hosts: maybe(fc.array(fc.domain(), { maxLength: 2 })),
          issuer: maybe(fc.string()),
          expires_on: maybe(fc.string()),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: ['id', 'hostname'] },
);

type Json = Record<string, unknown>;
type Path = Array<string | number>;

/** Every object in the tree, by path (the root included). */
function objectPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => objectPaths(item, [...path, i]));
  if (typeof value !== 'object' || value === null) return [];
  return [path, ...Object.entries(value).flatMap(([key, item]) => objectPaths(item, [...path, key]))];
}

function at(root: unknown, path: Path): Json {
  return path.reduce<unknown>((node, key) => (node as Json)[key], root) as Json;
}

const ENUM_FIELDS: Path[] = [
  ['status'],
  ['ssl', 'status'],
  ['ssl', 'method'],
  ['ssl', 'type'],
  ['ssl', 'certificate_authority'],
  ['ssl', 'bundle_method'],
  ['ssl', 'settings', 'min_tls_version'],
  ['ssl', 'settings', 'tls_1_3'],
  ['ssl', 'settings', 'http2'],
  ['ssl', 'settings', 'early_hints'],
  ['ownership_verification', 'type'],
];

/** The hostname with extra keys in random objects and random strings in its enum fields. */
const drifted = fc
  .tuple(
    hostnameObject,
    fc.array(
      fc.tuple(
        fc.nat(),
        word.map((w) => `future_${w}`),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      { maxLength: 6 },
    ),
    fc.array(fc.tuple(fc.nat(), fc.string()), { maxLength: 4 }),
  )
  .map(([host, extras, enums]) => {
    const copy = structuredClone(host) as Json;
    const objects = objectPaths(copy);
    for (const [n, key, value] of extras) at(copy, objects[n % objects.length] as Path)[key] = value;
    for (const [n, value] of enums) {
      const path = ENUM_FIELDS[n % ENUM_FIELDS.length] as Path;
      const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Json | null)?.[key], copy);
      if (typeof parent === 'object' && parent !== null) (parent as Json)[path.at(-1) as string] = value;
    }
    return copy;
  });

/** Fields the client reads, each with the type it expects. */
const TYPED_FIELDS: Array<{ path: Path; type: 'string' | 'boolean' | 'array' | 'object'; required?: boolean }> = [
  { path: ['id'], type: 'string', required: true },
  { path: ['hostname'], type: 'string', required: true },
  { path: ['status'], type: 'string' },
  { path: ['created_at'], type: 'string' },
  { path: ['verification_errors'], type: 'array' },
  { path: ['custom_metadata'], type: 'object' },
  { path: ['custom_origin_server'], type: 'string' },
  { path: ['ownership_verification'], type: 'object' },
  { path: ['ownership_verification', 'name'], type: 'string' },
  { path: ['ownership_verification', 'value'], type: 'string' },
  { path: ['ownership_verification_http', 'http_url'], type: 'string' },
  { path: ['ssl'], type: 'object' },
  { path: ['ssl', 'status'], type: 'string' },
  { path: ['ssl', 'method'], type: 'string' },
  { path: ['ssl', 'wildcard'], type: 'boolean' },
  { path: ['ssl', 'validation_records'], type: 'array' },
  { path: ['ssl', 'validation_records', 0, 'txt_name'], type: 'string' },
  { path: ['ssl', 'validation_records', 0, 'txt_value'], type: 'string' },
  { path: ['ssl', 'validation_records', 0, 'http_url'], type: 'string' },
  { path: ['ssl', 'validation_errors', 0, 'message'], type: 'string' },
  { path: ['ssl', 'settings'], type: 'object' },
  { path: ['ssl', 'certificate_authority'], type: 'string' },
];

/** Fields the client never reads: a wrong type there leaves the field out instead of throwing. */
const UNREAD_FIELDS: Array<{ path: Path; type: 'string' | 'array' }> = [
  { path: ['ssl', 'hosts'], type: 'array' },
  { path: ['ssl', 'issuer'], type: 'string' },
  { path: ['ssl', 'serial_number'], type: 'string' },
  { path: ['ssl', 'signature'], type: 'string' },
  { path: ['ssl', 'expires_on'], type: 'string' },
  { path: ['ssl', 'custom_csr_id'], type: 'string' },
  { path: ['ssl', 'settings', 'ciphers'], type: 'array' },
  { path: ['ssl', 'validation_records', 0, 'emails'], type: 'array' },
];

const wrongFor: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.integer(), fc.boolean(), fc.constant({}), fc.array(fc.string(), { maxLength: 1 })),
  boolean: fc.oneof(fc.integer(), fc.constantFrom('true', 'false', 'yes'), fc.constant({})),
  array: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant({ 0: 'x' })),
  object: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(['x'])),
};

/** Sets `value` at `path`, creating the containers on the way (an array for a numeric key). */
function setAt(root: Json, path: Path, value: unknown): void {
  let node: Json = root;
  path.slice(0, -1).forEach((key, i) => {
    const next = path[i + 1];
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof next === 'number' ? [] : {};
    node = node[key] as Json;
  });
  node[path.at(-1) as string] = value;
}

const wrongInUnread = fc.tuple(hostnameObject, fc.constantFrom(...UNREAD_FIELDS)).chain(([host, field]) =>
  fc.oneof(wrongFor[field.type] as fc.Arbitrary<unknown>, fc.constant(['x', null])).map((value) => {
    const copy = structuredClone(host) as Json;
    setAt(copy, field.path, value);
    return { body: copy, field };
  }),
);

const wronglyTyped = fc.tuple(hostnameObject, fc.constantFrom(...TYPED_FIELDS)).chain(([host, field]) => {
  const wrong = field.required
    ? fc.oneof(wrongFor[field.type] as fc.Arbitrary<unknown>, fc.constant(null))
    : wrongFor[field.type];
  return (wrong as fc.Arbitrary<unknown>).map((value) => {
    const copy = structuredClone(host) as Json;
    setAt(copy, field.path, value);
    return { body: copy, field };
  });
});

function clientOver(fetch: typeof globalThis.fetch) {
  return new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, fetch, clock: recordingClock(), rateLimit: false });
}

function scriptedClient(body: unknown) {
  const { fetch, requests } = scriptedFetch(envelope(body));
  return { saas: clientOver(fetch), requests };
}

const KNOWN_STATES = ['active', 'waiting_on_customer', 'waiting_on_cloudflare', 'failed', 'unknown'];

describe('hostname objects from a later API version', () => {
  it('extra fields and unknown enum strings anywhere never throw, and come back exactly as sent', async () => {
    await fc.assert(
      fc.asyncProperty(drifted, async (body) => {
        const { saas, requests } = scriptedClient(body);
        const host = await saas.customHostnames.get(HOST_ID);
        const sent = JSON.parse(JSON.stringify(body)) as unknown;
        expect(host).toStrictEqual(sent);
        expect(requests).toHaveLength(1);
        expect(KNOWN_STATES).toContain(classify(host).state);
        const page = await scriptedClient([body, body]).saas.customHostnames.list();
        expect(page.result).toStrictEqual([sent, sent]);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  it('a wrong type on any field the client reads throws ResponseValidationError at that field', async () => {
    await fc.assert(
      fc.asyncProperty(wronglyTyped, async ({ body, field }) => {
        const { saas } = scriptedClient(body);
        const error = await saas.customHostnames.get(HOST_ID).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ResponseValidationError);
        const { issues, rawBody, status } = error as ResponseValidationError;
        expect(status).toBe(200);
        expect(issues.map((i) => i.path)).toContainEqual(['result', ...field.path]);
        expect(JSON.parse(rawBody).result).toStrictEqual(body);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  it('a wrong type on a field the client never reads leaves that field out, on get and on a list page', async () => {
    await fc.assert(
      fc.asyncProperty(wrongInUnread, hostnameObject, async ({ body, field }, healthy) => {
        const host = await scriptedClient(body).saas.customHostnames.get(HOST_ID);
        expect(field.path.reduce<unknown>((node, key) => (node as Json)[key], host)).toBeUndefined();
        const sent = JSON.parse(JSON.stringify(body)) as Json;
        setAt(sent, field.path, undefined);
        expect(JSON.parse(JSON.stringify(host))).toStrictEqual(JSON.parse(JSON.stringify(sent)));
        const page = await scriptedClient([healthy, body]).saas.customHostnames.list();
        expect(page.result).toHaveLength(2);
        expect(page.result[0]).toStrictEqual(JSON.parse(JSON.stringify(healthy)));
      }),
      { numRuns: RUNS },
    );
  }, 60_000);
});

describe("the simulator's drift fault on every operation", () => {
  function driftRig() {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`);
    sim.seedHostnames(2);
    sim.faults.inject({ kind: 'drift', times: Number.POSITIVE_INFINITY });
    const saas = new CloudflareSaaS({ apiToken: sim.apiToken, zoneId: sim.zoneId, fetch: sim.fetch, clock: sim.clock });
    const [first, second] = sim.hostnames().map((h) => h.id) as [string, string];
    return { sim, saas, first, second };
  }

  const FUTURE = { added_in: 'a later API version', values: [1, 'two', null] };

  it('hostname reads and writes keep the unknown field and the unknown status value', async () => {
    const { saas, first, second } = driftRig();
    const results = [
      await saas.customHostnames.get(first),
      await saas.customHostnames.edit(first, { custom_metadata: { plan: 'pro' } }),
      await saas.customHostnames.create({ hostname: 'app.customer-one.com', ssl: { method: 'txt', type: 'dv' } }),
      (await saas.customHostnames.list()).result[0],
      await saas.customHostnames.findByHostname('tenant-2.fleet-customer.com'),
    ];
    for (const host of results) {
      expect(host).toMatchObject({ status: 'some_future_status', some_future_field: FUTURE });
      expect(host?.ssl).toMatchObject({ status: 'some_future_status', method: 'some_future_method' });
      expect(KNOWN_STATES).toContain(classify(host as never).state);
    }
    expect(await saas.customHostnames.delete(second)).toMatchObject({ id: second, some_future_field: FUTURE });
  });

  it('quota and the fallback origin parse too', async () => {
    const { saas } = driftRig();
    expect(await saas.customHostnames.quota()).toMatchObject({ some_future_field: FUTURE });
    expect(await saas.fallbackOrigin.get()).toMatchObject({ status: 'some_future_status', some_future_field: FUTURE });
    expect(await saas.fallbackOrigin.update({ origin: 'proxy-fallback.saasprovider.com' })).toMatchObject({
      some_future_field: FUTURE,
    });
    expect(await saas.fallbackOrigin.delete()).toMatchObject({ some_future_field: FUTURE });
  });
});

describe('a DCV method added to the API after this version', () => {
  /**
   * The simulator as a later Cloudflare: its `http` method is called `acme_account` in every
   * answer, and a PATCH that sends `acme_account` back means `http`.
   */
  function laterApi() {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
    const patches: unknown[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      let body = request.method === 'GET' ? undefined : await request.text();
      if (request.method === 'PATCH') {
        patches.push(JSON.parse(body as string));
        body = body?.replaceAll('"acme_account"', '"http"');
      }
      const answer = await sim.fetch(request.url, { method: request.method, headers: request.headers, body });
      const text = (await answer.text()).replaceAll('"method":"http"', '"method":"acme_account"');
      return new Response(text, { status: answer.status, headers: answer.headers });
    };
    const saas = new CloudflareSaaS({
      ...sim.clientOptions(),
      fetch: fetch as typeof globalThis.fetch,
      rateLimit: false,
    });
    return { sim, saas, patches };
  }

  it('is sent back as it came by a recheck', async () => {
    const { saas, patches } = laterApi();
    const host = await saas.customHostnames.create({
      hostname: 'app.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    expect(host.ssl?.method).toBe('acme_account');
    const rechecked = await saas.validation.recheck(host.id);
    expect(patches).toEqual([
      { ssl: { method: 'acme_account', type: 'dv', bundle_method: 'ubiquitous', wildcard: false } },
    ]);
    expect(rechecked.ssl?.method).toBe('acme_account');
  });

  it("does not stop waitUntilActive with recheck 'auto': the recheck goes out and the wait ends active", async () => {
    const { sim, saas, patches } = laterApi();
    const host = await saas.customHostnames.create({
      hostname: 'app.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget, { at: sim.clock.now() + 3_600_000 });
    const active = await saas.validation.waitUntilActive(host.id, { recheck: 'auto' });
    expect(active).toMatchObject({ status: 'active', ssl: { status: 'active', method: 'acme_account' } });
    expect(patches).toHaveLength(1);
  });
});

describe("an envelope's bookkeeping from a later API version", () => {
  const laterMessages = [
    { code: '10999', message: 'A notice this version has never seen.', documentation_url: null, source: 'body' },
    null,
    7,
  ];

  it('messages of other shapes and string counts do not fail a call that succeeded', async () => {
    const { fetch, requests } = scriptedFetch(
      json({
        success: true,
        errors: null,
        messages: laterMessages,
        result: [hostname()],
        result_info: { page: '1', per_page: '50', count: 1, total_count: '1', total_pages: null },
      }),
      json({ success: true, errors: {}, messages: 'deprecated soon', result: hostname() }),
    );
    const saas = clientOver(fetch);
    const page = await saas.customHostnames.list();
    expect(page.result).toEqual([hostname()]);
    expect(page.result_info).toEqual({ page: 1, per_page: 50, count: 1, total_count: 1, total_pages: undefined });
    expect(page.hasNextPage()).toBe(false);
    expect(await saas.customHostnames.get(HOST_ID)).toEqual(hostname());
    expect(requests).toHaveLength(2);
  });

  it('a list without per_page asked or sent walks on while pages come back at the API default of 20', async () => {
    const page = (count: number) =>
      json({ success: true, result: Array.from({ length: count }, () => hostname()), result_info: { count } });
    const { fetch, requests } = scriptedFetch(page(20), page(20), page(5));
    let count = 0;
    for await (const _ of clientOver(fetch).customHostnames.list()) count++;
    expect(count).toBe(45);
    expect(requests.map((r) => new URL(r.url).search)).toEqual(['?page=1', '?page=2', '?page=3']);
  });

  it('an error with a code sent as a string keeps its code: createOrGet still answers "existed"', async () => {
    const duplicate = { code: '1406', message: 'Duplicate custom hostname found.', documentation_url: null };
    const { fetch, requests } = scriptedFetch(
      json({ success: false, errors: [duplicate], messages: laterMessages, result: null }, 409),
      envelope([hostname()], { result_info: { page: 1, per_page: 50, count: 1, total_count: 1 } }),
    );
    const saas = clientOver(fetch);
    const answer = await saas.customHostnames.createOrGet({ hostname: 'app.customer-one.com' });
    expect(answer).toEqual({ hostname: hostname(), created: false, outcome: 'existed' });
    expect(requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('an error answer that is no envelope at all still gives its status and whatever errors it has', async () => {
    const { fetch } = scriptedFetch(json({ errors: [{ code: 1436, message: 'Custom hostname not found' }] }, 404));
    const saas = clientOver(fetch);
    const error = await saas.customHostnames.get(HOST_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 1436, errors: [{ code: 1436 }] });
  });

  it("an error's source keeps its object type; a source of another shape reads as absent", async () => {
    const errors = [
      { code: 1434, message: 'bad method', source: { pointer: '/ssl/method' } },
      { code: 1434, message: 'bad type', source: '/ssl/type' },
    ];
    const { fetch } = scriptedFetch(json({ success: false, errors, messages: [], result: null }, 400));
    const error = (await clientOver(fetch)
      .customHostnames.get(HOST_ID)
      .catch((e: unknown) => e)) as APIError;
    const pointers = error.errors.map((e) => (typeof e === 'string' ? e : e.source?.pointer));
    expect(pointers).toEqual(['/ssl/method', undefined]);
  });
});
