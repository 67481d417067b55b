/**
 * Credential leak scanner for tests. It turns a value (an error, a hook payload, captured
 * output) into every text a user could end up logging — `message`, `stack`, `toString()`,
 * `JSON.stringify`, `util.inspect` with hidden properties, every own property (enumerable or
 * not, symbols included), the `cause` chain, `AggregateError.errors`, and the entries of any
 * `Headers`, `Request` or `Response` reachable from it — and looks for each secret in those
 * texts, raw and in the encodings a log line may carry it in (URL-encoded, base64, JSON-escaped).
 */
import { Buffer } from 'node:buffer';
import { inspect } from 'node:util';

/** The credentials to look for, by label: `{ apiToken: sim.apiToken, apiKey: sim.apiKey, email: sim.email }`. */
export type Secrets = Record<string, string>;

/** One leak: which secret, in which encoding, where (a path into the scanned value), and some context. */
export interface SecretHit {
  secret: string;
  encoding: string;
  where: string;
  excerpt: string;
}

/** One text view of a scanned value. */
export interface View {
  where: string;
  text: string;
}

const MAX_DEPTH = 12;

/** The base64 text of `secret` at each of the 3 byte alignments it can have inside a longer value (e.g. `Basic …`), edges trimmed. */
function base64Cores(secret: string): Array<[string, string]> {
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.from(`${'x'.repeat(offset)}${secret}`).toString('base64');
    return [`base64@${offset}`, encoded.slice(offset === 0 ? 0 : 4, -4)];
  });
}

function encodings(secret: string): Array<[string, string]> {
  const forms: Array<[string, string]> = [
    ['raw', secret],
    ['url-encoded', encodeURIComponent(secret)],
    ['json-escaped', JSON.stringify(secret).slice(1, -1)],
    ['lower-case', secret.toLowerCase()],
    ...base64Cores(secret),
  ];
  const seen = new Set<string>();
  return forms.filter(([, form]) => form.length >= 6 && !seen.has(form) && seen.add(form));
}

function safe(label: string, render: () => unknown): View[] {
  try {
    const text = render();
    return typeof text === 'string' ? [{ where: label, text }] : [];
  } catch (error) {
    return [{ where: `${label} (threw)`, text: String((error as Error)?.message ?? error) }];
  }
}

function headerViews(headers: Headers, where: string): View[] {
  const entries: string[] = [];
  for (const [name, value] of headers) entries.push(`${name}: ${value}`);
  return [{ where, text: entries.join('\n') }];
}

/**
 * Every text view of `value` a log could contain. Walks objects, arrays, errors and their
 * causes (cycle-safe, depth-limited), and the headers of fetch objects.
 */
export function viewsOf(value: unknown, where = '$'): View[] {
  const views: View[] = [];
  const seen = new WeakSet<object>();
  const walk = (current: unknown, path: string, depth: number) => {
    if (typeof current === 'string') {
      views.push({ where: path, text: current });
      return;
    }
    if (typeof current !== 'object' && typeof current !== 'function') {
      if (current !== undefined) views.push({ where: path, text: String(current) });
      return;
    }
    if (current === null || seen.has(current) || depth > MAX_DEPTH) return;
    seen.add(current);
    views.push(...safe(`${path} (inspect)`, () => inspect(current, { showHidden: true, depth: 6, getters: true })));
    views.push(...safe(`${path} (JSON)`, () => JSON.stringify(current)));
    if (current instanceof Headers) views.push(...headerViews(current, `${path} (headers)`));
    if (current instanceof Request || current instanceof Response) {
      views.push(...headerViews(current.headers, `${path}.headers`));
      if (current instanceof Request) views.push({ where: `${path}.url`, text: current.url });
    }
    if (current instanceof Error) {
      views.push(...safe(`${path}.toString()`, () => String(current)));
      views.push(...safe(`${path}.message`, () => current.message));
      views.push(...safe(`${path}.stack`, () => current.stack));
      if ('cause' in current) walk(current.cause, `${path}.cause`, depth + 1);
      if (current instanceof AggregateError) walk(current.errors, `${path}.errors`, depth + 1);
    }
    for (const key of Reflect.ownKeys(current)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(current, key);
      if (!descriptor || !('value' in descriptor)) continue;
      walk(descriptor.value, `${path}.${String(key)}`, depth + 1);
    }
  };
  walk(value, where, 0);
  return views;
}

/**
 * Finds every secret in every view of `value`.
 *
 * @example
 * ```ts
 * expect(findSecrets(error, { apiToken: sim.apiToken })).toEqual([]);
 * ```
 */
export function findSecrets(value: unknown, secrets: Secrets, where = '$'): SecretHit[] {
  const hits: SecretHit[] = [];
  const forms = Object.entries(secrets).flatMap(([label, secret]) =>
    encodings(secret).map(([encoding, form]) => ({ label, encoding, form })),
  );
  for (const view of viewsOf(value, where)) {
    for (const { label, encoding, form } of forms) {
      const at = view.text.indexOf(form);
      if (at < 0) continue;
      const excerpt = view.text.slice(Math.max(0, at - 40), at + form.length + 40);
      hits.push({ secret: label, encoding, where: view.where, excerpt });
    }
  }
  return hits;
}

/**
 * Collects everything a run exposes to users (errors thrown, hook payloads) and scans it all
 * at the end. `count` says how much was scanned, so a test can prove it scanned something.
 *
 * @example
 * ```ts
 * const exposed = new Exposure();
 * const hooks = exposed.hooks();
 * exposed.add('error', await call().catch((e) => e));
 * expect(exposed.scan(secrets)).toEqual([]);
 * ```
 */
export class Exposure {
  readonly items: Array<{ kind: string; value: unknown }> = [];

  add(kind: string, value: unknown): void {
    this.items.push({ kind, value });
  }

  /** Hooks that record every payload. */
  hooks() {
    return {
      onRequest: (event: unknown) => this.add('onRequest', event),
      onResponse: (event: unknown) => this.add('onResponse', event),
      onRetry: (event: unknown) => {
        this.add('onRetry', event);
      },
    };
  }

  count(kind?: string): number {
    return kind === undefined ? this.items.length : this.items.filter((item) => item.kind === kind).length;
  }

  scan(secrets: Secrets): SecretHit[] {
    return this.items.flatMap((item, index) => findSecrets(item.value, secrets, `${item.kind}[${index}]`));
  }
}
