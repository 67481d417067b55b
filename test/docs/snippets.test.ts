/**
 * Type-checks every TypeScript code block of the guides (README.md and docs/*.md but the
 * generated docs/benchmarks.md), so the docs cannot drift from the code.
 *
 * Each fenced block tagged `ts`, `typescript`, `tsx`, `mts` or `cts` (fenced with backticks or
 * tildes, indented in a list item or not) is compiled as a module of its own, with the repo's
 * tsconfig.json: `cloudflare-custom-hostnames` and its subpaths resolve to src/ through `paths`.
 * All blocks go into one program, as virtual files served by a custom CompilerHost.
 *
 * A block may use names the prose introduced before it (`saas`, `host`, `env`…). Declare them in
 * an HTML comment directly before the opening fence, which the rendered page does not show:
 *
 *     <!-- snippet: declare const saas: import('cloudflare-custom-hostnames').CloudflareSaaS; -->
 *     ```ts
 *     await saas.fallbackOrigin.update({ origin: 'proxy-fallback.saasprovider.com' });
 *     ```
 *
 * The comment's text after `snippet:` is TypeScript placed before the block (imports included;
 * prefer `import('…').Name` types, which cannot clash with the block's own imports). It may span
 * several lines, and must end on the line just above the fence.
 *
 * Every block compiles: there is no way to exempt one (pseudo-code would teach a call that
 * does not exist; write the real call instead).
 *
 * Failures name the markdown file and line of each TypeScript diagnostic. Besides one test per
 * block, the file fails on a `snippet:` comment that is not directly above a TypeScript block
 * (it would be silently ignored) and on a fence without a language (a TypeScript block there
 * would not be checked).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const GENERATED = new Set(['docs/benchmarks.md']);
const TS_LANGS = new Set(['ts', 'typescript', 'tsx', 'mts', 'cts']);
const DIRECTIVE = /^<!--\s*snippet:([\s\S]*?)-->$/;

interface Snippet {
  /** Markdown file, relative to the repo root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The block's code, its list indentation removed. */
  code: string;
  /** That indentation, in columns. */
  indent: number;
  /** TypeScript from the `snippet:` comment above the fence. */
  preamble?: { code: string; line: number };
}

interface Problem {
  file: string;
  line: number;
  message: string;
}

function markdownFiles(): string[] {
  const docs = readdirSync(`${root}docs`)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`)
    .filter((f) => !GENERATED.has(f))
    .sort();
  return ['README.md', ...docs];
}

/** The fenced TypeScript blocks of one markdown file, and what in it this test cannot accept. */
function parse(file: string): { snippets: Snippet[]; problems: Problem[] } {
  const lines = readFileSync(`${root}${file}`, 'utf8').split(/\r?\n/);
  const snippets: Snippet[] = [];
  const problems: Problem[] = [];
  const used = new Set<number>(); // lines of the directives attached to a block
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const lang = info.toLowerCase();
    const start = i;
    const body: string[] = [];
    const close = new RegExp(`^ {0,${indent.length + 3}}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    for (i++; i < lines.length && !close.test(lines[i]!); i++) {
      body.push(lines[i]!.replace(new RegExp(`^ {0,${indent.length}}`), ''));
    }
    if (lang === '') {
      problems.push({ file, line: start + 1, message: 'fenced block without a language (tag it `ts` to check it)' });
      continue;
    }
    if (!TS_LANGS.has(lang)) continue;
    const snippet: Snippet = { file, line: start + 1, code: body.join('\n'), indent: indent.length };
    const directive = directiveEndingAt(lines, start - 1);
    if (directive) {
      used.add(directive.line);
      snippet.preamble = { code: directive.text, line: directive.line + 1 };
    }
    snippets.push(snippet);
  }
  lines.forEach((text, n) => {
    if (/<!--\s*snippet:/.test(text) && !used.has(n)) {
      problems.push({
        file,
        line: n + 1,
        message: '`snippet:` comment not directly above a TypeScript block: it would be ignored',
      });
    }
  });
  return { snippets, problems: problems.sort((a, b) => a.line - b.line) };
}

/** The `<!-- snippet: … -->` comment whose last line is `end`, if there is one. */
function directiveEndingAt(lines: string[], end: number): { text: string; line: number } | undefined {
  if (end < 0 || !lines[end]!.trimEnd().endsWith('-->')) return undefined;
  for (let begin = end; begin >= 0; begin--) {
    if (!lines[begin]!.includes('<!--')) continue;
    const match = DIRECTIVE.exec(
      lines
        .slice(begin, end + 1)
        .join('\n')
        .trim(),
    );
    return match ? { text: match[1]!, line: begin } : undefined;
  }
  return undefined;
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return {
    ...parsed.options,
    noEmit: true,
    // Every block is a module, with its own scope and top-level await, imports or not.
    moduleDetection: ts.ModuleDetectionKind.Force,
  };
}

/** The virtual file of a block: beside its markdown file, so node_modules and @types resolve. */
const virtualPath = (s: Snippet) => `${root}${s.file}.${s.line}.snippet.ts`;

/** The preamble's lines, then the block's: a block line's number is its offset plus `offset`. */
function source(s: Snippet): { text: string; offset: number } {
  const preamble = s.preamble ? `${s.preamble.code.trim()}\n` : '';
  return { text: `${preamble}${s.code}\n`, offset: preamble.split('\n').length - 1 };
}

/** Type-checks every block in one program; returns the problems per block, keyed by virtual path. */
function compile(snippets: Snippet[]): Map<string, string[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const virtual = new Map(snippets.map((s) => [virtualPath(s), { snippet: s, ...source(s) }]));
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const v = virtual.get(name);
    return v ? ts.createSourceFile(name, v.text, languageVersion, true) : getSourceFile(name, languageVersion, ...rest);
  };
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  host.readFile = (name) => virtual.get(name)?.text ?? readFile(name);

  const program = ts.createProgram([...virtual.keys()], options, host);
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (global.length) throw new Error(ts.formatDiagnostics(global, host));

  const results = new Map<string, string[]>();
  for (const [path, { snippet, offset }] of virtual) {
    const file = program.getSourceFile(path)!;
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    results.set(
      path,
      diagnostics.map((d) => {
        const message = ts.flattenDiagnosticMessageText(d.messageText, '\n    ');
        const { line, character } = ts.getLineAndCharacterOfPosition(file, d.start ?? 0);
        const where =
          line < offset
            ? `${snippet.file}:${snippet.preamble!.line} (snippet: comment)`
            : `${snippet.file}:${snippet.line + 1 + line - offset}:${snippet.indent + character + 1}`;
        return `${where} TS${d.code}: ${message}`;
      }),
    );
  }
  return results;
}

const parsed = markdownFiles().map(parse);
const snippets = parsed.flatMap((p) => p.snippets);
const problems = parsed.flatMap((p) => p.problems);

describe('TypeScript blocks in the docs', () => {
  let results: Map<string, string[]>;
  beforeAll(() => {
    results = compile(snippets);
  }, 60_000);

  it('finds the blocks of every guide, and no stray directive or untagged fence', () => {
    expect(snippets.length).toBeGreaterThan(20);
    expect(new Set(snippets.map((s) => s.file))).toContain('README.md');
    expect(problems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([]);
  });

  for (const s of snippets) {
    const name = `${s.file}:${s.line}`;
    it(`${name} compiles`, () => {
      expect(results.get(virtualPath(s)), `TypeScript errors in the block at ${name}`).toEqual([]);
    });
  }
});
