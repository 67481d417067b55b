/**
 * Worker bundle sizes: each app in bench/apps bundled by esbuild (minified, ESM,
 * platform browser, es2022) and compressed with gzip -9 and brotli -11. Also which source
 * modules make up this package's CRUD bundle.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { fixed, table, verdict } from './lib/stats.js';

const APPS = [
  ['ours-all', 'this package: everything it exports'],
  ['ours-crud', 'this package: CRUD + fallback origin'],
  ['ours-poll', 'this package: CRUD + waitUntilActive'],
  ['official-default-crud', 'cloudflare (default entry): CRUD'],
  ['official-default-poll', 'cloudflare (default entry): CRUD + 30 s loop'],
  ['official-tree-crud', 'cloudflare/tree-shakable: CRUD'],
  ['official-tree-poll', 'cloudflare/tree-shakable: CRUD + 30 s loop'],
  ['raw-crud', 'fetch + JSON.parse: CRUD'],
  ['raw-poll', 'fetch + JSON.parse: CRUD + 30 s loop'],
] as const;

const TOP = 20;

export interface SizeRow {
  app: string;
  minified: number;
  gzip: number;
  brotli: number;
}

async function bundle(app: string): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const result = await build({
    entryPoints: [`bench/apps/${app}.ts`],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    tsconfig: 'tsconfig.json',
    logLevel: 'error',
  });
  return { code: result.outputFiles[0]?.contents as Uint8Array, metafile: result.metafile };
}

/** Bytes in the CRUD bundle per source module (this package's files, and each dependency). */
function composition(metafile: Metafile): [string, number][] {
  const inputs = Object.values(metafile.outputs)[0]?.inputs ?? {};
  const by = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const key = file.includes('node_modules/') ? `${file.split('node_modules/')[1]?.split('/')[0]} (dependency)` : file;
    by.set(key, (by.get(key) ?? 0) + bytesInOutput);
  }
  const sorted = [...by].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
  const rest = sorted.slice(TOP).reduce((sum, [, bytes]) => sum + bytes, 0);
  return [...sorted.slice(0, TOP), [`${sorted.length - TOP} smaller modules`, rest]];
}

export async function measureSizes(): Promise<{ markdown: string; rows: SizeRow[] }> {
  const rows: SizeRow[] = [];
  let parts: [string, number][] = [];
  for (const [app] of APPS) {
    const { code, metafile } = await bundle(app);
    const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    rows.push({ app, minified: code.length, gzip: gzipSync(code, { level: 9 }).length, brotli: brotli.length });
    if (app === 'ours-crud') parts = composition(metafile);
  }
  const kb = (n: number) => fixed(n / 1024);
  const get = (app: string) => rows.find((r) => r.app === app) as SizeRow;
  const all = get('ours-all');
  const crud = get('ours-crud');
  const markdown = [
    table(
      ['app', 'minified kB', 'gzip kB', 'brotli kB'],
      APPS.map(([app, label]) => [label, kb(get(app).minified), kb(get(app).gzip), kb(get(app).brotli)]),
    ),
    '',
    `- Whole package ≤ 20 kB gzip: ${verdict(all.gzip <= 20 * 1024)} (${kb(all.gzip)} kB; the official default entry: ${kb(get('official-default-crud').gzip)} kB).`,
    `- CRUD-only ≤ 13 kB gzip: ${verdict(crud.gzip <= 13 * 1024)} (${kb(crud.gzip)} kB; official tree-shakable: ${kb(get('official-tree-crud').gzip)} kB).`,
    '',
    'What the CRUD bundle is made of (minified bytes per source file or dependency, from the esbuild metafile):',
    '',
    table(
      ['module', 'minified kB'],
      parts.map(([name, bytes]) => [name, kb(bytes)]),
    ),
  ].join('\n');
  return { markdown, rows };
}
