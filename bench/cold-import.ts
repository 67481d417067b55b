/**
 * Cold import: `node -e "await import(…)"` in a fresh process, N times per variant,
 * interleaved, minus the median of an empty process. This package is measured as shipped
 * (run `npm run build` first): by its name, as Node resolves it (the "node" export
 * condition: dist/node/, zod bundled in), and the bundlers' build (dist/, zod left as an
 * import) loaded directly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fixed, median, pairedRatio, rotation, table, verdict } from './lib/stats.js';

const OURS = 'this package, as Node resolves it (dist/node/)';
const OURS_BUNDLER_BUILD = 'this package, bundler build (dist/, zod imported)';

const VARIANTS: [string, string][] = [
  ['empty process', '0'],
  [OURS, "await import('cloudflare-custom-hostnames')"],
  [OURS_BUNDLER_BUILD, "await import('./dist/index.js')"],
  ['cloudflare (default entry)', "await import('cloudflare')"],
  [
    'cloudflare/tree-shakable + the 2 resources',
    "await import('cloudflare/tree-shakable'); await import('cloudflare/resources/custom-hostnames/custom-hostnames'); await import('cloudflare/resources/custom-hostnames/fallback-origin')",
  ],
];

function once(code: string): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`cold import failed: ${code}\n${child.stderr}`);
  return ms;
}

export async function measureColdImport(runs: number): Promise<{ markdown: string; ms: Record<string, number> }> {
  if (!existsSync('dist/node/index.js'))
    throw new Error('cold import measures the built package: run `npm run build` first');
  const times = new Map<string, number[]>(VARIANTS.map(([name]) => [name, []]));
  for (let round = 0; round < runs; round++) {
    for (const [name, code] of rotation(VARIANTS, round)) times.get(name)?.push(once(code));
  }
  const empty = times.get('empty process') as number[];
  const net = (name: string) => (times.get(name) as number[]).map((t, i) => t - (empty[i] as number));
  const ms: Record<string, number> = {};
  const rows = VARIANTS.map(([name]) => {
    ms[name] = median(net(name));
    return [
      name,
      fixed(median(times.get(name) as number[])),
      name === 'empty process' ? '—' : fixed(ms[name] as number),
    ];
  });
  const ours = OURS;
  const official = 'cloudflare (default entry)';
  const markdown = [
    table(['variant', 'median wall ms', 'median ms over the empty process'], rows),
    '',
    `Paired ratio, this package / cloudflare default entry (per round, then median): ${fixed(pairedRatio(net(ours), net(official)), 2)}.`,
    '',
    `- Cold import ≤ 40 ms: ${verdict((ms[ours] as number) <= 40)} (${fixed(ms[ours] as number)} ms; official default entry ${fixed(ms[official] as number)} ms). The bundlers' build, loaded directly: ${fixed(ms[OURS_BUNDLER_BUILD] as number)} ms.`,
  ].join('\n');
  return { markdown, ms };
}
