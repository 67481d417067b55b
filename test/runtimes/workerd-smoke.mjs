// Runs worker.mjs in workerd the way a user's Worker would: one esbuild bundle of the built
// package and its dependencies (platform browser, workerd/worker conditions), loaded by
// Miniflare with a 2026 compatibility date and no compatibility flags, so no nodejs_compat.
// Prints one JSON line; exits 1 when the Worker reports a failure.
import * as esbuild from 'esbuild';
import { Miniflare } from 'miniflare';

const started = performance.now();
const bundle = await esbuild.build({
  entryPoints: [new URL('./worker.mjs', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['workerd', 'worker', 'browser'],
  minify: true,
  write: false,
});
const script = bundle.outputFiles[0].text;
const mf = new Miniflare({ modules: true, script, compatibilityDate: '2026-01-01', compatibilityFlags: [] });
try {
  const response = await mf.dispatchFetch('http://smoke.internal/');
  const result = await response.json();
  const ms = Math.round(performance.now() - started);
  console.log(JSON.stringify({ ...result, bundleBytes: script.length, ms }));
  if (!result.ok) process.exitCode = 1;
} finally {
  await mf.dispose();
}
