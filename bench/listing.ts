/**
 * Listing 10,000 hostnames at per_page 1000, iterated lazily, each run in a fresh process
 * after one whole walk: requests made, wall time, and peak heap growth over the heap after a
 * full GC.
 */
import { execFileSync } from 'node:child_process';
import type { BenchServer } from './lib/server-process.js';
import { fixed, median, pairedRatio, rotation, table, verdict } from './lib/stats.js';

const VARIANTS = [
  ['ours', 'this package'],
  ['official', 'cloudflare (auto-paginator)'],
  ['raw', 'fetch + JSON.parse'],
] as const;

interface Run {
  items: number;
  requests: number;
  wallMs: number;
  peakHeapGrowth: number;
  peakRssGrowth: number;
}

function once(variant: string, server: BenchServer, live: boolean): Run {
  const info = JSON.stringify({
    baseUrl: server.baseUrl,
    zoneId: server.zoneId,
    apiToken: server.apiToken,
    id: server.id,
  });
  const args = ['--expose-gc', '--import', 'tsx', 'bench/listing-child.ts', variant, info, ...(live ? ['live'] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Run;
}

export async function measureListing(server: BenchServer, rounds: number): Promise<{ markdown: string }> {
  const runs = new Map<string, Run[]>(VARIANTS.map(([v]) => [v, []]));
  const liveRuns = new Map<string, Run[]>(VARIANTS.map(([v]) => [v, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [variant] of rotation(VARIANTS, round)) {
      runs.get(variant)?.push(once(variant, server, false));
      liveRuns.get(variant)?.push(once(variant, server, true));
    }
  }
  const mb = (bytes: number) => fixed(bytes / 1_048_576);
  const of = (variant: string) => runs.get(variant) as Run[];
  const liveOf = (variant: string) => liveRuns.get(variant) as Run[];
  const rows = VARIANTS.map(([variant, label]) => {
    const r = of(variant);
    return [
      label,
      median(r.map((x) => x.items)),
      median(r.map((x) => x.requests)),
      fixed(median(r.map((x) => x.wallMs)), 0),
      mb(median(r.map((x) => x.peakHeapGrowth))),
      mb(median(liveOf(variant).map((x) => x.peakHeapGrowth))),
      mb(median(r.map((x) => x.peakRssGrowth))),
    ];
  });
  const ours = of('ours');
  const official = of('official');
  const requests = median(ours.map((x) => x.requests));
  const liveRatio = pairedRatio(
    liveOf('ours').map((x) => x.peakHeapGrowth),
    liveOf('official').map((x) => x.peakHeapGrowth),
  );
  const heapRatio = pairedRatio(
    ours.map((x) => x.peakHeapGrowth),
    official.map((x) => x.peakHeapGrowth),
  );
  const rawHeapRatio = pairedRatio(
    of('raw').map((x) => x.peakHeapGrowth),
    official.map((x) => x.peakHeapGrowth),
  );
  const wallRatio = pairedRatio(
    ours.map((x) => x.wallMs),
    official.map((x) => x.wallMs),
  );
  const markdown = [
    table(
      [
        'client',
        'items',
        'requests',
        'wall ms',
        'peak heap growth MB',
        'peak live heap growth MB',
        'peak RSS growth MB',
      ],
      rows,
    ),
    '',
    "Each process walks the list once whole before the walk measured, and waits 200 ms. Peak heap growth: the highest `heapUsed` over the heap after a full GC before the walk, garbage included, read as each request starts (when a client may still hold the page before) and every 50 items from each page's first. Peak live heap growth: the same with a full GC before each reading, items read every 100 from each page's first: what the walk keeps reachable.",
    '',
    `Paired ratios (per round, then median), this package / cloudflare: wall ${fixed(wallRatio, 2)}, peak heap growth ${fixed(heapRatio, 2)}, peak live heap growth ${fixed(liveRatio, 2)}.`,
    '',
    `- 10,000 in exactly 10 requests: ${verdict(requests === 10)} (${requests}; cloudflare: ${median(official.map((x) => x.requests))}).`,
    `- Peak memory growth < half the official package's, live: ${verdict(liveRatio < 0.5)} (${fixed(liveRatio, 2)} ×).`,
    `- The same with garbage: ${verdict(heapRatio < 0.5)} (${fixed(heapRatio, 2)} ×; fetch + JSON.parse: ${fixed(rawHeapRatio, 2)} ×).`,
  ].join('\n');
  return { markdown };
}
