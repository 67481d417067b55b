import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ENTRIES = ['src/index.ts', 'src/validation/index.ts', 'src/testing/index.ts', 'src/testing-node.ts'];

/** Every symbol the package's entry points export, with whether its declaration has TSDoc and an @example. */
function exportedSymbols() {
  const program = ts.createProgram(
    ENTRIES.map((e) => `${root}${e}`),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
  );
  const checker = program.getTypeChecker();
  const rows: { entry: string; name: string; documented: boolean; example: boolean }[] = [];
  for (const entry of ENTRIES) {
    const source = program.getSourceFile(`${root}${entry}`);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`no module symbol for ${entry}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      if (!declaration) continue;
      const docs = ts.getJSDocCommentsAndTags(declaration);
      const tags = ts.getJSDocTags(declaration);
      rows.push({
        entry,
        name: exported.name,
        documented: docs.length > 0,
        example: tags.some((t) => t.tagName.text === 'example'),
      });
    }
  }
  return rows;
}

describe('public API documentation', () => {
  const rows = exportedSymbols();

  it('covers the four entry points', () => {
    expect(new Set(rows.map((r) => r.entry))).toEqual(new Set(ENTRIES));
    expect(rows.length).toBeGreaterThan(150);
  });

  it('every exported symbol has TSDoc with an @example', () => {
    const missing = rows.filter((r) => !r.documented || !r.example).map((r) => `${r.entry}: ${r.name}`);
    expect(missing).toEqual([]);
  });
});
