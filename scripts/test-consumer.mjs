#!/usr/bin/env node
// npm run test:consumer — the package as a user gets it from the registry.
//
// Builds, packs the tarball, installs it into a fresh temporary project made from
// test/consumer/ (only the tarball's own dependencies, plus typescript and @types/node at the
// versions this repository pins), then:
//   - compiles flow.ts and a generated all-exports.ts (every export of '.', './validation',
//     './testing', './testing/node') with strict + NodeNext + skipLibCheck false, once with the
//     DOM lib (edge / browser-like typings) and once with only @types/node;
//   - runs them with Node, and require()s the package from require.cjs (require(esm)).
// Any failure exits 1 with the failing command's output. Option: --skip-build (reuse dist/).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pins = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies;
const work = mkdtempSync(join(tmpdir(), 'consumer-'));
const project = join(work, 'project');
const started = Date.now();

/** Runs one step; prints its duration, or its output and exits 1 when it fails. */
function step(title, command, args, cwd = project) {
  const t0 = Date.now();
  try {
    const output = execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    console.log(`ok   ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${title}`);
    return output;
  } catch (error) {
    console.log(
      `FAIL ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${title}\n$ ${command} ${args.join(' ')}`,
    );
    console.log(`${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || String(error));
    console.log(`\ntest:consumer FAILED (project kept at ${project})`);
    process.exit(1);
  }
}

if (!process.argv.includes('--skip-build')) step('npm run build', 'npm', ['run', 'build'], root);
const packed = JSON.parse(step('npm pack', 'npm', ['pack', '--json', '--pack-destination', work], root))[0];
console.log(`     tarball ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB`);

cpSync(join(root, 'test', 'consumer'), project, { recursive: true });
step('npm install <tarball> typescript @types/node', 'npm', [
  'install',
  '--no-audit',
  '--no-fund',
  '--prefer-offline',
  join(work, packed.filename),
  `typescript@${pins.typescript}`,
  `@types/node@${pins['@types/node']}`,
]);
const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
console.log(step('generate all-exports.ts from the .d.ts', process.execPath, ['write-all-exports.mjs']).trim());
step('tsc strict NodeNext, lib DOM (emit)', process.execPath, [tsc, '-p', 'tsconfig.json']);
step('tsc strict NodeNext, @types/node only', process.execPath, [tsc, '-p', 'tsconfig.node.json']);
console.log(step('node out/all-exports.js', process.execPath, ['out/all-exports.js']).trim());
console.log(step('node out/flow.js', process.execPath, ['out/flow.js']).trim());
console.log(step('node require.cjs (require of ESM)', process.execPath, ['require.cjs']).trim());

rmSync(work, { recursive: true, force: true });
console.log(`\ntest:consumer passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
