#!/usr/bin/env node
// Runs every example against the embedded simulator (CLOUDFLARE_* variables removed) and fails if any fails.
import { spawnSync } from 'node:child_process';

const runs = [
  ['onboard.ts'],
  ['txt-prevalidation.ts'],
  ['http-prevalidation.ts'],
  ['migration.ts'],
  ['fleet-report.ts'],
  ['cli.ts', 'status', 'app.northwind-traders.com'],
  ['cli.ts', 'list', '--json'],
  ['cli.ts', 'add', 'app.customer-three.com', '--method', 'txt'],
];

const env = { ...process.env };
for (const key of Object.keys(env)) if (key.startsWith('CLOUDFLARE_')) delete env[key];

let failed = 0;
for (const [file, ...args] of runs) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', `examples/${file}`, ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const ok = result.status === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${[file, ...args].join(' ').padEnd(52)} ${Date.now() - started} ms`);
  if (!ok) console.log(result.stdout, result.stderr);
}
console.log(`examples: ${runs.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
