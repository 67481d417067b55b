/**
 * Cold import: `node -e "await import(…)"` in a fresh process, N times per variant,
 * interleaved, minus the median of an empty process. This package is measured as built
 * (esbuild of src/index.ts with its dependencies left as imports, as tsup ships it), and
 * also with its dependencies bundled in.
 */
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { fixed, median, pairedRatio, rotation, table, verdict } from './lib/stats.js';

/** Build output goes under node_modules: ignored by git and the linter, and the bare imports still resolve. */
const OUT = 'node_modules/.cache/cloudflare-custom-hostnames-bench';

const VARIANTS: [string, string][] = [
  ['empty process', '0'],
  ['this package (dist, dependencies imported)', `await import('./${OUT}/ours/index.mjs')`],
  ['this package, dependencies bundled in', `await import('./${OUT}/ours-bundled/index.mjs')`],
  ['cloudflare (default entry)', "await import('cloudflare')"],
  [
    'cloudflare/tree-shakable + the 2 resources',
    "await import('cloudflare/tree-shakable'); await import('cloudflare/resources/custom-hostnames/custom-hostnames'); await import('cloudflare/resources/custom-hostnames/fallback-origin')",
  ],
];

async function buildOurs(): Promise<void> {
  const common = {
    entryPoints: { index: 'src/index.ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'error',
    outExtension: { '.js': '.mjs' },
  } as const;
  await build({ ...common, outdir: `${OUT}/ours`, packages: 'external' });
  await build({ ...common, outdir: `${OUT}/ours-bundled`, mainFields: ['module', 'main'] });
}

function once(code: string): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`cold import failed: ${code}\n${child.stderr}`);
  return ms;
}

export async function measureColdImport(runs: number): Promise<{ markdown: string; ms: Record<string, number> }> {
  await buildOurs();
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
  const ours = 'this package (dist, dependencies imported)';
  const official = 'cloudflare (default entry)';
  const markdown = [
    table(['variant', 'median wall ms', 'median ms over the empty process'], rows),
    '',
    `Paired ratio, this package / cloudflare default entry (per round, then median): ${fixed(pairedRatio(net(ours), net(official)), 2)}.`,
    '',
    `- Cold import ≤ 40 ms: ${verdict((ms[ours] as number) <= 40)} (${fixed(ms[ours] as number)} ms; official default entry ${fixed(ms[official] as number)} ms). With the dependencies bundled in: ${fixed(ms['this package, dependencies bundled in'] as number)} ms.`,
  ].join('\n');
  return { markdown, ms };
}
