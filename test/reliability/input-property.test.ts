/**
 * Bad input, end to end: every public method that takes input is called through the real
 * client on the simulator with thousands of arbitrary arguments. Each call either is
 * accepted and sends exactly the normalised request (asserted on what reached the wire), or
 * is rejected with an InputError naming a field of the input and sends nothing at all. A
 * server-side refusal of an accepted request is a typed APIError. Anything else — a
 * TypeError, a synchronous throw from a promise-returning method, a request sent before a
 * rejection — fails the property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APIError, CloudflareSaaS, InputError } from '../../src/index.js';
import {
  checkCreateParams,
  checkEditParams,
  checkFallbackOriginParams,
  checkHostnameId,
  checkListParams,
  normalizeHostname,
} from '../../src/input/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import {
  certificateRefLike,
  createLike,
  editLike,
  fallbackLike,
  hostnameLike,
  idLike,
  listLike,
  mutated,
  replaceCertificateLike,
  requestOptionsLike,
} from './input-arbitraries.js';

/** Cases per method; RELIABILITY_RUNS raises it for a deeper run. */
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 2000);
/** Thousands of end-to-end calls per test: generous, so a loaded CI machine does not time out. */
const SLOW = 120_000;

interface Sent {
  method: string;
  url: URL;
  body: string;
  headers: Headers;
}

function inputRig() {
  const sim = createSimulator({
    clock: new VirtualClock({ autoAdvance: true }),
    rateLimit: false,
    issuanceLimit: false,
    quota: { hardCap: 1_000_000 },
  });
  const sent: Sent[] = [];
  const recording = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({
      method: request.method,
      url: new URL(request.url),
      body: await request.clone().text(),
      headers: request.headers,
    });
    return sim.fetch(request);
  };
  const saas = new CloudflareSaaS({
    apiToken: sim.apiToken,
    zoneId: sim.zoneId,
    fetch: recording as typeof fetch,
    clock: sim.clock,
    cnameTarget: sim.cnameTarget,
    dohResolver: sim.dohUrl,
    rateLimit: false,
  });
  sim.seedHostnames(30);
  const pool = sim.hostnames().map((h) => h.id);
  const base = `/client/v4/zones/${sim.zoneId}/custom_hostnames`;
  return { sim, saas, sent, pool, base };
}

type Rig = ReturnType<typeof inputRig>;

/**
 * Whether an InputError's field names one of `candidates`: the field is the candidate, a
 * path under it (`ssl.settings.ciphers` under `ssl`), or its quoted form (`["a b"]`).
 */
function names(field: string, candidates: readonly string[]): boolean {
  return candidates.some((c) => {
    const forms = [c, `[${JSON.stringify(c)}]`];
    return forms.some((f) => field === f || field.startsWith(`${f}.`) || field.startsWith(`${f}[`));
  });
}

type Outcome = { kind: 'value'; value: unknown; sent: Sent[] } | { kind: 'input'; error: InputError } | { kind: 'api' };

/**
 * Calls `invoke` and classifies the outcome, failing on anything untyped. `roots` are the
 * fields the method may name besides the input's own keys.
 */
async function exercise(
  rig: Rig,
  invoke: () => unknown,
  input: { roots: string[]; keys?: unknown; syncThrowAllowed?: boolean },
): Promise<Outcome> {
  const before = { requests: rig.sim.requests.length, sent: rig.sent.length };
  let error: unknown;
  let value: unknown;
  try {
    const pending = invoke();
    try {
      value = await pending;
    } catch (rejection) {
      error = rejection ?? new Error('rejected with nothing');
    }
  } catch (thrown) {
    if (!input.syncThrowAllowed) throw new Error(`threw synchronously instead of rejecting: ${String(thrown)}`);
    error = thrown ?? new Error('threw nothing');
  }
  const sent = rig.sent.slice(before.sent);
  if (error === undefined) return { kind: 'value', value, sent };
  if (error instanceof InputError) {
    expect(rig.sim.requests.length).toBe(before.requests);
    expect(sent).toEqual([]);
    expect(typeof error.field === 'string' && error.field.length > 0).toBe(true);
    expect(error.message.startsWith(error.field)).toBe(true);
    const own = typeof input.keys === 'object' && input.keys !== null ? Object.keys(input.keys) : [];
    if (!names(error.field, [...input.roots, ...own]))
      throw new Error(`InputError names no input field: ${error.message}`);
    return { kind: 'input', error };
  }
  if (error instanceof APIError) {
    expect(rig.sim.requests.length).toBeGreaterThan(before.requests);
    return { kind: 'api' };
  }
  throw new Error(
    `untyped failure: ${(error as Error)?.constructor?.name}: ${String((error as Error)?.message ?? error)}`,
  );
}

const OPTION_ROOTS = ['options', 'options.timeout', 'options.maxRetries', 'options.headers', 'options.signal'];

/** Every request carries the client's own credential, whatever headers the caller passed. */
function expectOwnCredential(rig: Rig, sent: Sent[]) {
  for (const request of sent) expect(request.headers.get('authorization')).toBe(`Bearer ${rig.sim.apiToken}`);
}

const jsonOf = (request: Sent | undefined) => JSON.parse(request?.body ?? 'null') as unknown;
const sameJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const ASCII_HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]+$/;

type Accepted = Extract<Outcome, { kind: 'value' }>;

/**
 * Runs one property over a method's inputs: `attempt` makes the call, `accepted` checks what
 * an accepted call sent and answered. Returns how many runs ended each way, so each test can
 * prove it exercised both sides.
 */
async function tallied<Args extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Args]: fc.Arbitrary<Args[K]> },
  attempt: (...args: Args) => Promise<Outcome>,
  accepted: (outcome: Accepted, ...args: Args) => void,
  numRuns = RUNS,
) {
  const counts = { value: 0, input: 0, api: 0 };
  await fc.assert(
    fc.asyncProperty(fc.tuple(...arbitraries) as fc.Arbitrary<Args>, async (args) => {
      const outcome = await attempt(...args);
      counts[outcome.kind] += 1;
      if (outcome.kind === 'value') accepted(outcome, ...args);
    }),
    { numRuns },
  );
  return counts;
}

describe('every method: accepted and sent normalised, or InputError naming the field with nothing sent', () => {
  it(
    'customHostnames.create(params, options)',
    async () => {
      const rig = inputRig();
      const counts = await tallied(
        [mutated(createLike), requestOptionsLike],
        (params, options) =>
          exercise(rig, () => rig.saas.customHostnames.create(params as never, options as never), {
            roots: ['params', 'hostname', ...OPTION_ROOTS],
            keys: params,
          }),
        (outcome, params) => {
          const [post] = outcome.sent;
          expect(post?.method).toBe('POST');
          expect(post?.url.pathname).toBe(rig.base);
          const body = jsonOf(post) as { hostname: string };
          expect(body).toEqual(sameJson(checkCreateParams(params)));
          expect(body.hostname).toMatch(ASCII_HOSTNAME);
          expectOwnCredential(rig, outcome.sent);
        },
      );
      expect(counts.value).toBeGreaterThan(RUNS / 10);
      expect(counts.input).toBeGreaterThan(RUNS / 10);
    },
    SLOW,
  );

  it(
    'customHostnames.edit(id, params, options)',
    async () => {
      const rig = inputRig();
      const counts = await tallied(
        [idLike(rig.pool), mutated(editLike), requestOptionsLike],
        (id, params, options) =>
          exercise(rig, () => rig.saas.customHostnames.edit(id as never, params as never, options as never), {
            roots: ['id', 'params', ...OPTION_ROOTS],
            keys: params,
          }),
        (outcome, id, params) => {
          const [patch] = outcome.sent;
          expect(patch?.method).toBe('PATCH');
          expect(patch?.url.pathname).toBe(`${rig.base}/${checkHostnameId(id)}`);
          expect(jsonOf(patch)).toEqual(sameJson(checkEditParams(params)));
          expectOwnCredential(rig, outcome.sent);
        },
      );
      expect(counts.value).toBeGreaterThan(RUNS / 10);
      expect(counts.input).toBeGreaterThan(RUNS / 10);
    },
    SLOW,
  );

  it.each(['get', 'delete'] as const)(
    'customHostnames.%s(id, options)',
    async (verb) => {
      const rig = inputRig();
      const counts = await tallied(
        [idLike(rig.pool), requestOptionsLike],
        (id, options) =>
          exercise(rig, () => rig.saas.customHostnames[verb](id as never, options as never), {
            roots: ['id', ...OPTION_ROOTS],
          }),
        (outcome, id) => {
          expect(outcome.sent.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`)).toEqual([
            `${verb.toUpperCase()} ${rig.base}/${checkHostnameId(id)}`,
          ]);
          expect(outcome.value).toMatchObject({ id: checkHostnameId(id) });
          expectOwnCredential(rig, outcome.sent);
        },
      );
      expect(counts.value).toBeGreaterThan(verb === 'get' ? RUNS / 10 : 20);
      expect(counts.input).toBeGreaterThan(RUNS / 10);
    },
    SLOW,
  );

  it(
    'customHostnames.list(params, options): the query is the normalised filter set',
    async () => {
      const rig = inputRig();
      const counts = await tallied(
        [mutated(listLike), requestOptionsLike],
        (params, options) =>
          exercise(rig, () => rig.saas.customHostnames.list(params as never, options as never), {
            roots: ['params', ...OPTION_ROOTS],
            keys: params,
            // list() returns its PagePromise synchronously, so its input errors are thrown, not rejected.
            syncThrowAllowed: true,
          }),
        (outcome, params) => {
          const [get] = outcome.sent;
          expect(get?.url.pathname).toBe(rig.base);
          const expected = checkListParams(params);
          const query = Object.fromEntries(
            Object.entries({ ...expected, page: expected.page ?? 1 }).map(([k, v]) => [k, String(v)]),
          );
          expect(Object.fromEntries(get?.url.searchParams ?? [])).toEqual(query);
          expectOwnCredential(rig, outcome.sent);
        },
      );
      expect(counts.value).toBeGreaterThan(RUNS / 10);
      expect(counts.input).toBeGreaterThan(RUNS / 10);
    },
    SLOW,
  );

  it(
    'customHostnames.findByHostname(hostname, options): one exact lookup of the normalised name',
    async () => {
      const rig = inputRig();
      const seeded = rig.sim.hostnames().map((h) => h.hostname);
      const names = fc.oneof(
        hostnameLike,
        fc.constantFrom(...seeded).map((h) => `${h.toUpperCase()}.`),
      );
      const counts = await tallied(
        [names, requestOptionsLike],
        (hostname, options) =>
          exercise(rig, () => rig.saas.customHostnames.findByHostname(hostname as never, options as never), {
            roots: ['hostname', ...OPTION_ROOTS],
          }),
        (outcome, hostname) => {
          const wanted = normalizeHostname(hostname);
          expect(outcome.sent.map((r) => Object.fromEntries(r.url.searchParams))).toEqual([
            { hostname: wanted, per_page: '50', page: '1' },
          ]);
          const found = outcome.value as { hostname: string } | undefined;
          expect(found?.hostname ?? wanted).toBe(wanted);
          expect(found !== undefined).toBe(seeded.includes(wanted));
        },
      );
      expect(counts.value).toBeGreaterThan(RUNS / 10);
      expect(counts.input).toBeGreaterThan(RUNS / 10);
    },
    SLOW,
  );

  it(
    'customHostnames.createOrGet(params, options): the first request is the normalised create',
    async () => {
      const rig = inputRig();
      const counts = await tallied(
        [mutated(createLike), requestOptionsLike],
        (params, options) =>
          exercise(rig, () => rig.saas.customHostnames.createOrGet(params as never, options as never), {
            roots: ['params', 'hostname', ...OPTION_ROOTS],
            keys: params,
          }),
        (outcome, params) => {
          const [post] = outcome.sent;
          expect(post?.method).toBe('POST');
          expect(jsonOf(post)).toEqual(sameJson(checkCreateParams(params)));
          const { hostname } = checkCreateParams(params);
          expect(rig.sim.hostnames().filter((h) => h.hostname === hostname)).toHaveLength(1);
        },
      );
      expect(counts.value).toBeGreaterThan(RUNS / 10);
      expect(counts.input).toBeGreaterThan(RUNS / 10);
    },
    SLOW,
  );

  it(
    'fallbackOrigin.update(params, options)',
    async () => {
      const rig = inputRig();
      const counts = await tallied(
        [mutated(fallbackLike), requestOptionsLike],
        (params, options) =>
          exercise(rig, () => rig.saas.fallbackOrigin.update(params as never, options as never), {
            roots: ['params', 'origin', ...OPTION_ROOTS],
            keys: params,
          }),
        (outcome, params) => {
          const [put] = outcome.sent;
          expect(put?.method).toBe('PUT');
          expect(put?.url.pathname).toBe(`${rig.base}/fallback_origin`);
          expect(jsonOf(put)).toEqual(checkFallbackOriginParams(params));
        },
      );
      expect(counts.value).toBeGreaterThan(RUNS / 10);
      expect(counts.input).toBeGreaterThan(RUNS / 10);
    },
    SLOW,
  );

  it.each(['replaceCertificate', 'deleteCertificate'] as const)(
    'customHostnames.%s(params, options)',
    async (verb) => {
      const rig = inputRig();
      const params = verb === 'replaceCertificate' ? replaceCertificateLike(rig.pool) : certificateRefLike(rig.pool);
      const counts = await tallied(
        [mutated(params), requestOptionsLike],
        (input, options) =>
          exercise(rig, () => rig.saas.customHostnames[verb](input as never, options as never), {
            roots: [
              'params',
              'id',
              'certificate_pack_id',
              'certificate_id',
              'custom_certificate',
              'custom_key',
              ...OPTION_ROOTS,
            ],
            keys: input,
          }),
        () => {
          throw new Error('the simulator holds no such certificate: an APIError was due');
        },
      );
      // Accepted calls reach the simulator, which has no such certificate: a typed 404.
      expect(counts.api).toBeGreaterThan(RUNS / 10);
      expect(counts.input).toBeGreaterThan(RUNS / 10);
    },
    SLOW,
  );

  it(
    'validation.recheck(id, options): GET then the no-change PATCH, on the normalised id',
    async () => {
      const rig = inputRig();
      const counts = await tallied(
        [idLike(rig.pool), requestOptionsLike],
        (id, options) =>
          exercise(rig, () => rig.saas.validation.recheck(id as never, options as never), {
            roots: ['id', ...OPTION_ROOTS],
          }),
        (outcome, id) => {
          const path = `${rig.base}/${checkHostnameId(id)}`;
          expect(outcome.sent.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([`GET ${path}`, `PATCH ${path}`]);
          expect(jsonOf(outcome.sent[1])).toMatchObject({ ssl: { method: 'http', type: 'dv' } });
        },
        RUNS / 4,
      );
      expect(counts.value).toBeGreaterThan(RUNS / 40);
      expect(counts.input).toBeGreaterThan(RUNS / 40);
    },
    SLOW,
  );

  it(
    'validation.instructions(idOrHostname, options): by id, or one lookup of the normalised name',
    async () => {
      const rig = inputRig();
      const seeded = rig.sim.hostnames().map((h) => h.hostname);
      const target = fc.oneof(idLike(rig.pool), hostnameLike, fc.constantFrom(...seeded));
      // Options stay an object here: instructions() reads its own options before any check, so
      // `null` or a string there is a TypeError (reported against the validation module).
      const options = requestOptionsLike.map((o) => ({
        ...(typeof o === 'object' && o !== null ? o : {}),
        waitForRecords: false,
      }));
      const counts = await tallied(
        [target, options],
        (idOrHostname, o) =>
          exercise(rig, () => rig.saas.validation.instructions(idOrHostname as never, o as never), {
            roots: ['idOrHostname', 'cnameTarget', ...OPTION_ROOTS],
          }),
        (outcome) => {
          const [first] = outcome.sent;
          expect(first?.method).toBe('GET');
          expect(outcome.value).toMatchObject({ hostname: expect.any(String) });
        },
      );
      expect(counts.value).toBeGreaterThan(RUNS / 10);
      expect(counts.input).toBeGreaterThan(RUNS / 10);
    },
    SLOW,
  );
});
