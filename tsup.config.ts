import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

/** Bundled into dist/node/: their MIT notices ship beside it. */
const BUNDLED = ['zod'];

function writeBundledLicenses(): void {
  const notices = BUNDLED.map((name) => {
    const dir = `node_modules/${name}`;
    const { version } = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { version: string };
    // One file per package; on a case-insensitive disk both spellings name it.
    const file = readdirSync(dir).find((entry) => /^licen[cs]e(\.md|\.txt)?$/i.test(entry));
    if (file === undefined) throw new Error(`${name} ships no licence file to bundle with it`);
    const license = readFileSync(`${dir}/${file}`, 'utf8');
    return `## ${name} ${version}\n\n${license.trim()}\n`;
  });
  writeFileSync('dist/node/THIRD-PARTY-LICENSES.md', `# Bundled in dist/node/\n\n${notices.join('\n')}`);
}

const entry = {
  index: 'src/index.ts',
  validation: 'src/validation/index.ts',
  testing: 'src/testing/index.ts',
  'testing-node': 'src/testing-node.ts',
};

export default defineConfig([
  // dist/: what bundlers and edge runtimes resolve. Dependencies stay imports, so an app
  // that also uses zod carries one copy of it.
  {
    entry,
    format: ['esm'],
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    sourcemap: true,
    clean: ['!node/**'],
    splitting: true,
    treeshake: true,
    external: ['zod', 'type-fest', 'node:http', 'http'],
  },
  // dist/node/: what Node, Bun and Deno load (the "node" export condition). zod's entry
  // loads its ~50 locale modules on import (about 80 ms in Node, most of a cold start);
  // bundled in and minified, only the parts this package uses are parsed. Source maps
  // map stack traces back (node --enable-source-maps). Identifiers are not shortened: a
  // minifier's `Ue` for `ConflictError` would reach every logger that reads
  // `constructor.name`, and every stack. (esbuild's keepNames would restore the names, but by
  // a call per closure made at run time, a cost every request paid.)
  {
    entry,
    outDir: 'dist/node',
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    minifyWhitespace: true,
    minifySyntax: true,
    // Lines of at most 200 characters: Node prints the whole source line of an uncaught
    // error, which would otherwise be most of a chunk (60 kB) before the message.
    esbuildOptions(options) {
      options.lineLimit = 200;
    },
    banner: { js: '/* Bundles zod (MIT): see THIRD-PARTY-LICENSES.md */' },
    noExternal: BUNDLED,
    onSuccess: async () => writeBundledLicenses(),
    external: ['type-fest', 'node:http', 'http'],
  },
]);
