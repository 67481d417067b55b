#!/usr/bin/env node
// Part of npm run check:package: what each built entry point pulls in.
// - '.' and './validation' reach neither the simulator (testing.js) nor the loopback server;
// - no entry but './testing/node' imports a Node built-in (the package must run on edge runtimes);
// - the only packages imported are the declared dependencies, and dist/node/ imports none.
// Reads dist/ (run `npm run build` first) through esbuild's metafile, so shared chunks count.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dependencies = Object.keys(pkg.dependencies ?? {});
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const rules = {
  'dist/index.js': { forbiddenFiles: ['dist/testing.js', 'dist/testing-node.js'], builtinsAllowed: false },
  'dist/validation.js': {
    forbiddenFiles: ['dist/testing.js', 'dist/testing-node.js', 'dist/index.js'],
    builtinsAllowed: false,
  },
  'dist/testing.js': { forbiddenFiles: ['dist/testing-node.js', 'dist/index.js'], builtinsAllowed: false },
  'dist/testing-node.js': { forbiddenFiles: ['dist/index.js'], builtinsAllowed: true },
  // The "node" condition's build bundles zod in, so it imports no package at all.
  'dist/node/index.js': {
    forbiddenFiles: ['dist/node/testing.js', 'dist/node/testing-node.js'],
    builtinsAllowed: false,
    bundled: true,
  },
  'dist/node/validation.js': {
    forbiddenFiles: ['dist/node/testing.js', 'dist/node/testing-node.js', 'dist/node/index.js'],
    builtinsAllowed: false,
    bundled: true,
  },
  'dist/node/testing.js': {
    forbiddenFiles: ['dist/node/testing-node.js', 'dist/node/index.js'],
    builtinsAllowed: false,
    bundled: true,
  },
  'dist/node/testing-node.js': { forbiddenFiles: ['dist/node/index.js'], builtinsAllowed: true, bundled: true },
};

let problems = 0;
for (const [entry, rule] of Object.entries(rules)) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    external: [...dependencies, ...dependencies.map((d) => `${d}/*`), ...builtins],
  });
  const inputs = result.metafile.inputs;
  const files = Object.keys(inputs);
  const externals = new Set(
    Object.values(inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)),
  );
  const found = [
    ...rule.forbiddenFiles.filter((f) => files.includes(f)).map((f) => `reaches ${f}`),
    ...[...externals]
      .filter((s) => builtins.has(s) && !rule.builtinsAllowed)
      .map((s) => `imports Node built-in "${s}"`),
    ...[...externals]
      .filter((s) => !builtins.has(s) && (rule.bundled || !dependencies.includes(packageOf(s))))
      .map((s) =>
        rule.bundled ? `imports "${s}" instead of bundling it` : `imports "${s}", which is not a dependency`,
      ),
  ];
  problems += found.length;
  const used = [...externals].sort().join(', ') || 'nothing external';
  console.log(`${found.length ? 'FAIL' : 'ok  '} ${entry}: ${files.length} dist files; imports ${used}`);
  for (const problem of found) console.log(`     ${problem}`);
}
if (problems > 0) {
  console.log(`\ncheck-dist-graph: ${problems} problem(s)`);
  process.exit(1);
}
