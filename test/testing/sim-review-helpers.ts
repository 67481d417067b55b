import type { Simulator } from '../../src/testing/index.js';

export const T0 = Date.parse('2026-01-05T09:00:00Z');
export const DAY = 86_400_000;

/** Calls the simulator's API with its token; `path` is relative to the zone unless it starts with '/'. */
export async function call(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const full = path.startsWith('/') ? path : `/zones/${sim.zoneId}/${path}`;
  const headers: Record<string, string> = { authorization: `Bearer ${sim.apiToken}` };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await sim.fetch(`${sim.baseUrl}${full}`, init);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}
