#!/usr/bin/env node
// npm run test:runtimes — the package on every runtime it promises, for real.
//
// 1. Installs the pinned runtimes of runtimes/package.json (Node 22, Node 24, Bun, Deno) with `npm ci`.
// 2. Runs the vitest projects `node` and `edge-runtime` under each of them.
// 3. Builds dist/ and runs test/runtimes/smoke.mjs against both builds (dist/ and dist/node/)
//    under the host Node and each runtime, and test/runtimes/workerd-smoke.mjs (a Worker bundle
//    of dist/ in workerd, no nodejs_compat).
// 4. Prints runtime × (suite, smoke) with durations; exits 1 if anything failed.
//
// Options: --skip-install (reuse runtimes/node_modules), --only=node22,bun (a subset; keys:
// node20, node22, node24, bun, deno, workerd).
// Each run's output goes to a log file whose path is printed when the run fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (...parts) => join(root, 'runtimes', 'node_modules', ...parts);
const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--project', 'node', '--project', 'edge-runtime'];
const smoke = 'test/runtimes/smoke.mjs';
const withPath = (dir) => ({ PATH: `${dir}${delimiter}${process.env.PATH}` });

/** How each runtime runs a script; `suite: false` = its suite is `npm test` itself. */
const runtimes = [
  { name: 'node20 (host)', key: 'node20', exec: [process.execPath], suite: false },
  { name: 'node22', key: 'node22', exec: [bin('node22', 'bin', 'node')], env: withPath(bin('node22', 'bin')) },
  { name: 'node24', key: 'node24', exec: [bin('node24', 'bin', 'node')], env: withPath(bin('node24', 'bin')) },
  { name: 'bun', key: 'bun', exec: [bin('.bin', 'bun'), '--bun'] },
  {
    name: 'deno',
    key: 'deno',
    exec: [bin('.bin', 'deno'), 'run', '-A'],
    // The smoke test gets only what the package needs: read its files, env, and 127.0.0.1.
    smokeExec: [bin('.bin', 'deno'), 'run', '--allow-read', '--allow-env', '--allow-net=127.0.0.1'],
  },
  // A Worker bundle of dist/ in workerd with no compatibility flags; its suite is the `workerd` project of npm test.
  { name: 'workerd', key: 'workerd', exec: [process.execPath], suite: false, smoke: 'test/runtimes/workerd-smoke.mjs' },
];

const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const selected = only ? runtimes.filter((r) => only.includes(r.key)) : runtimes;
const logs = mkdtempSync(join(tmpdir(), 'runtimes-'));
const started = Date.now();

/** Runs a command in the repo root; resolves with its exit code, output and duration. */
function run(command, commandArgs, { env = {}, log } = {}) {
  return new Promise((done) => {
    const t0 = Date.now();
    const child = spawn(command, commandArgs, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const finish = (code) => {
      if (log) writeFileSync(join(logs, log), output);
      done({ code, output, seconds: (Date.now() - t0) / 1000, log: log && join(logs, log) });
    };
    child.on('error', (error) => {
      output += String(error);
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

function step(title) {
  console.log(`\n=== ${title}`);
}

/** The lines worth reading from a failed run: vitest's failed tests and summary, or the tail. */
function excerpt(output) {
  const lines = output.split('\n');
  const picked = lines.filter((l) => /\bFAIL\b|Tests {2}|Test Files|Error:/.test(l));
  return (picked.length > 0 ? picked : lines.slice(-15)).slice(0, 30).join('\n');
}

const results = new Map(selected.map((r) => [r.key, {}]));

if (!args.includes('--skip-install')) {
  step('npm ci --prefix runtimes');
  const install = await run('npm', ['ci', '--prefix', 'runtimes', '--no-audit', '--no-fund'], { log: 'install.log' });
  console.log(`${install.code === 0 ? 'ok' : 'FAILED'} in ${install.seconds.toFixed(1)} s`);
  if (install.code !== 0) {
    console.log(excerpt(install.output));
    process.exit(1);
  }
}

for (const r of selected) {
  if (r.suite === false) continue;
  step(`vitest (node + edge-runtime projects) on ${r.name}`);
  const [command, ...pre] = r.exec;
  const res = await run(command, [...pre, ...vitest], { env: r.env, log: `suite-${r.key}.log` });
  const summary = res.output.match(/Tests {2}.*$/m)?.[0].trim() ?? '';
  results.get(r.key).suite = res;
  console.log(`${res.code === 0 ? 'ok' : 'FAILED'} in ${res.seconds.toFixed(1)} s  ${summary}`);
  if (res.code !== 0) console.log(`${excerpt(res.output)}\nlog: ${res.log}`);
}

step('npm run build');
const build = await run('npm', ['run', 'build'], { log: 'build.log' });
console.log(`${build.code === 0 ? 'ok' : 'FAILED'} in ${build.seconds.toFixed(1)} s`);
if (build.code !== 0) console.log(`${excerpt(build.output)}\nlog: ${build.log}`);

for (const r of selected) {
  if (build.code !== 0) break;
  step(`dist smoke on ${r.name}`);
  const [command, ...pre] = r.smokeExec ?? r.exec;
  const res = await run(command, [...pre, r.smoke ?? smoke], { env: r.env, log: `smoke-${r.key}.log` });
  results.get(r.key).smoke = res;
  console.log(
    `${res.code === 0 ? 'ok' : 'FAILED'} in ${res.seconds.toFixed(1)} s  ${res.output.trim().split('\n').at(-1)}`,
  );
  if (res.code !== 0) console.log(`${excerpt(res.output)}\nlog: ${res.log}`);
}

const cell = (res, skipped) => {
  if (!res) return skipped;
  return `${res.code === 0 ? 'pass' : 'FAIL'} ${res.seconds.toFixed(1).padStart(5)} s`;
};
const rows = selected.map((r) => {
  const { suite, smoke: smokeRes } = results.get(r.key);
  return [r.name, cell(suite, r.suite === false ? 'npm test' : 'not run'), cell(smokeRes, 'not run')];
});
const widths = [14, 12, 12];
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`\n${line(['runtime', 'suite', 'smoke'])}`);
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));

const failed =
  build.code !== 0 ||
  selected.some((r) => {
    const { suite, smoke: smokeRes } = results.get(r.key);
    return (suite && suite.code !== 0) || !smokeRes || smokeRes.code !== 0;
  });
console.log(
  `\ntest:runtimes ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s (logs: ${logs})`,
);
process.exit(failed ? 1 : 0);
