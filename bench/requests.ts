/**
 * CPU and time per request in the client process: N sequential `get()` (3,000 by default) and N with
 * 50 in flight, for this package, the official SDK and raw fetch + JSON.parse, against the
 * simulator served from another process. Rate limits are off on both sides (the client's
 * governor with `rateLimit: false`, the simulator's with `rateLimit: false`) so that only
 * the per-request work is compared. Each run is a fresh process (bench/requests-child.ts)
 * that warms up with 500 requests first; rounds are interleaved (A B C, B C A, …); ratios
 * are taken per round, then the median.
 */
import { execFileSync } from 'node:child_process';
import type { BenchServer } from './lib/server-process.js';
import { fixed, median, pairedRatio, ratioRange, rotation, table, verdict } from './lib/stats.js';

const VARIANTS = [
  ['raw', 'fetch + JSON.parse'],
  ['raw-timeout', 'fetch + JSON.parse, 30 s timeout (AbortController)'],
  ['raw-timeout-zod', 'fetch + JSON.parse, 30 s timeout + zod check of the hostname'],
  ['ours', 'this package'],
  ['official', 'cloudflare'],
] as const;

function run(variant: string, server: BenchServer, total: number, inFlight: number): { cpuUs: number; wallMs: number } {
  const info = JSON.stringify({
    baseUrl: server.baseUrl,
    zoneId: server.zoneId,
    apiToken: server.apiToken,
    id: server.id,
  });
  const args = [
    '--expose-gc',
    '--import',
    'tsx',
    'bench/requests-child.ts',
    variant,
    String(total),
    String(inFlight),
    info,
  ];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) as string);
}

/** The clients this section can compare, by the name `bench/requests-child.ts` takes. */
export const REQUEST_VARIANTS: readonly string[] = VARIANTS.map(([variant]) => variant);

/**
 * Runs the section for `only` the named clients (default: all; raw fetch, the baseline of
 * every ratio, always runs) and returns its table and verdict, the median CPU ratio of each
 * client and mode (`'<client> / <mode>'`), and the lowest and highest single-round ratio of
 * any client but raw fetch.
 */
export async function measureRequests(
  server: BenchServer,
  rounds: number,
  total: number,
  only: readonly string[] = REQUEST_VARIANTS,
): Promise<{ markdown: string; ratios: Record<string, number>; spread: [number, number] }> {
  const variants = VARIANTS.filter(([variant]) => variant === 'raw' || only.includes(variant));
  const results = new Map<string, { cpu: number[]; wall: number[] }>();
  const modes = [
    ['sequential', 1],
    ['50 in flight', 50],
  ] as const;
  for (let round = 0; round < rounds; round++) {
    for (const [mode, inFlight] of modes) {
      for (const [variant, name] of rotation(variants, round)) {
        const { cpuUs, wallMs } = run(variant, server, total, inFlight);
        const key = `${name} / ${mode}`;
        const entry = results.get(key) ?? { cpu: [], wall: [] };
        entry.cpu.push(cpuUs / total);
        entry.wall.push((wallMs * 1000) / total);
        results.set(key, entry);
      }
    }
  }
  const ratios: Record<string, number> = {};
  const rows: (string | number)[][] = [];
  const single: number[] = [];
  for (const [mode] of modes) {
    const raw = results.get(`fetch + JSON.parse / ${mode}`) as { cpu: number[]; wall: number[] };
    for (const [, name] of variants) {
      const r = results.get(`${name} / ${mode}`) as { cpu: number[]; wall: number[] };
      ratios[`${name} / ${mode}`] = pairedRatio(r.cpu, raw.cpu);
      if (r !== raw) single.push(...r.cpu.map((cpu, i) => cpu / (raw.cpu[i] as number)));
      rows.push([
        name,
        mode,
        fixed(median(r.cpu)),
        fixed(pairedRatio(r.cpu, raw.cpu), 2),
        ratioRange(r.cpu, raw.cpu),
        fixed(median(r.wall)),
        fixed(pairedRatio(r.wall, raw.wall), 2),
      ]);
    }
  }
  const pair = (name: string) => {
    const [sequential, inFlight] = [ratios[`${name} / sequential`], ratios[`${name} / 50 in flight`]];
    return sequential === undefined || inFlight === undefined ? undefined : ([sequential, inFlight] as const);
  };
  const ours = pair('this package');
  const official = pair('cloudflare');
  const markdown = [
    table(
      [
        'client',
        'mode',
        'CPU µs / request',
        'CPU × raw',
        'CPU × raw, lowest–highest round',
        'wall µs / request',
        'wall × raw',
      ],
      rows,
    ),
    ...(ours
      ? [
          '',
          `- CPU per request ≤ 1.15 × raw fetch: ${verdict(Math.max(...ours) <= 1.15)} (this package: ${fixed(ours[0], 2)} × sequential, ${fixed(ours[1], 2)} × with 50 in flight${official ? `; cloudflare: ${fixed(official[0], 2)} × and ${fixed(official[1], 2)} ×` : ''}).`,
        ]
      : []),
  ].join('\n');
  return { markdown, ratios, spread: [Math.min(...single), Math.max(...single)] };
}
