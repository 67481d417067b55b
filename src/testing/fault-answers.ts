import { failure } from './envelopes.js';
import type { FaultSpec } from './types.js';

/**
 * A raw HTTP answer: status, headers and body text.
 *
 * @example
 * ```ts
 * const raw: RawAnswer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
 * ```
 */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const JSON_TYPE = { 'content-type': 'application/json' };
const HTML_TYPE = { 'content-type': 'text/html; charset=UTF-8' };

function html(status: number): string {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  return `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>cloudflare</center>\n</body>\n</html>\n`;
}

function failureBody(code: number, message: string): string {
  return JSON.stringify(failure(0, code, message).body);
}

function statusAnswer(spec: Extract<FaultSpec, { kind: 'status' }>): RawAnswer {
  const { status } = spec;
  const body = spec.body ?? 'cloudflare';
  let answer: RawAnswer;
  if (body === 'cloudflare') {
    const code = spec.code ?? (status === 429 ? 971 : status >= 500 ? 1500 : 10000);
    const message = spec.message ?? REASONS[status] ?? 'Error';
    answer = { status, headers: { ...JSON_TYPE }, body: failureBody(code, message) };
  } else if (body === 'html') {
    answer = { status, headers: { ...HTML_TYPE }, body: html(status) };
  } else if (body === 'empty') {
    answer = { status, headers: { ...JSON_TYPE }, body: '' };
  } else {
    let isJson = true;
    try {
      JSON.parse(body);
    } catch {
      isJson = false;
    }
    answer = { status, headers: isJson ? { ...JSON_TYPE } : { 'content-type': 'text/plain; charset=UTF-8' }, body };
  }
  return { ...answer, headers: { ...answer.headers, ...spec.headers } };
}

/**
 * The answer of a fault that replaces the real one (the request is not processed), or
 * `undefined` for the kinds that let the request through.
 *
 * @example
 * ```ts
 * replacementAnswer({ kind: 'non-json' })?.headers['content-type']; // 'text/html; charset=UTF-8'
 * ```
 */
export function replacementAnswer(spec: FaultSpec): RawAnswer | undefined {
  switch (spec.kind) {
    case 'status':
      return statusAnswer(spec);
    case 'success-false':
      return { status: 200, headers: { ...JSON_TYPE }, body: failureBody(1500, 'Internal server error') };
    case 'non-json':
      return { status: 200, headers: { ...HTML_TYPE }, body: html(200).replace('200 Error', 'Just a moment...') };
    default:
      return undefined;
  }
}

/**
 * Damages a real answer for the kinds that corrupt it in transit (the request was processed).
 *
 * @example
 * ```ts
 * corruptAnswer({ kind: 'truncated-json' }, raw).body.length; // half of raw.body
 * ```
 */
export function corruptAnswer(spec: FaultSpec, raw: RawAnswer): RawAnswer {
  switch (spec.kind) {
    case 'malformed-json':
      return { ...raw, body: raw.body.replace('{', '{,') };
    case 'truncated-json':
      return { ...raw, body: raw.body.slice(0, Math.floor(raw.body.length / 2)) };
    case 'empty-body':
      return { ...raw, body: '' };
    default:
      return raw;
  }
}
