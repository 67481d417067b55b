import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every module loaded at run time from `entry` through relative imports. */
function graph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    // Type-only imports are erased at build time, so they load nothing.
    for (const match of text.matchAll(/(?:import|export)(?!\s+type\s)[^'"]*?from\s+'(\.[^']+)'/g)) {
      visit(join(dirname(file), (match[1] as string).replace(/\.js$/, '.ts')));
    }
  };
  visit(join(SRC, entry));
  return seen;
}

test('the /testing entry reaches no node: import and never the loopback server', () => {
  const modules = graph('testing/index.ts');
  expect(modules.size).toBeGreaterThan(20);
  for (const [file, text] of modules) {
    expect(file.endsWith('node-server.ts'), file).toBe(false);
    expect(/from\s+'node:/.test(text), file).toBe(false);
  }
});

test('the simulator never imports the client, the HTTP core or the resources', () => {
  const files = [...graph('testing/index.ts').keys()].map((f) => f.slice(SRC.length + 1));
  const outside = files.filter((f) => !f.startsWith('testing/'));
  for (const file of outside) expect(file).toMatch(/^(schemas\/|validation\/schedule\.ts$)/);
});
