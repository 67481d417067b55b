import type { Clock } from '../../src/core/clock.js';

/** One scripted answer: a Response factory, or an error to throw from fetch. */
export type Script = (request: Request) => Response | Promise<Response>;

/** A fetch that answers from a script, call by call, and records every request. */
export function scriptedFetch(...scripts: Script[]) {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    bodies.push(await request.clone().text());
    const script = scripts[Math.min(requests.length - 1, scripts.length - 1)];
    if (!script) throw new Error('no script');
    return script(request);
  };
  return { fetch: fetchImpl as typeof fetch, requests, bodies };
}

export const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Script =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'cf-ray': 'ray-1', ...headers },
    });

export const envelope = (result: unknown, extra: Record<string, unknown> = {}) =>
  json({ success: true, errors: [], messages: [], result, ...extra });

export const failure = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  json({ success: false, errors: [{ code, message }], messages: [], result: null }, status, headers);

export const networkError: Script = () => {
  throw new TypeError('fetch failed');
};

/** A manual clock: sleeping advances time at once and is recorded. */
export function recordingClock(start = Date.parse('2026-01-05T09:00:00Z')): Clock & { sleeps: number[]; time: number } {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

export const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
export const TOKEN = 'tok_Y2xvdWRmbGFyZS1zZWNyZXQtdG9rZW4tdmFsdWU';
export const HOST_ID = '0d89c70d-ad9f-4843-b99f-6cc0252067e9';

export function hostname(overrides: Record<string, unknown> = {}) {
  return {
    id: HOST_ID,
    hostname: 'app.customer-one.com',
    status: 'pending',
    ssl: { id: '1e89c70d-ad9f-4843-b99f-6cc0252067e9', type: 'dv', method: 'http', status: 'initializing' },
    created_at: '2026-01-05T09:00:00.000000Z',
    ...overrides,
  };
}
