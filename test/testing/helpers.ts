import type { Simulator } from '../../src/testing/index.js';

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  json: any;
  text: string;
}

/** Calls the simulator's API with its token; `path` is relative to the zone unless it starts with '/'. */
export async function api(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${sim.apiToken}` },
): Promise<Reply> {
  const full = path.startsWith('/') ? path : `/zones/${sim.zoneId}/${path}`;
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await sim.fetch(`${sim.baseUrl}${full}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
