/**
 * This package as Node loads it from npm (dist/node/, built by `npm run build`), the way the
 * official package is loaded from its published JavaScript: not the TypeScript sources,
 * which tsx would compile with a name-keeping helper around every closure.
 */
import { existsSync } from 'node:fs';

const built = new URL('../../dist/node/index.js', import.meta.url);
if (!existsSync(built)) throw new Error('the benchmark measures the built package: run `npm run build` first');

export const { CloudflareSaaS, CustomHostnameSchema } = (await import(
  built.href
)) as typeof import('../../src/index.js');
