import { expect, inject, test } from 'vitest';
import './setup.js';

declare const EdgeRuntime: string | undefined;

test('runs inside the runtime its project names', () => {
  const runtime = inject('runtime');
  const seen = {
    runtime,
    edgeRuntime: typeof EdgeRuntime === 'string',
    workers: typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers',
  };
  expect(seen).toEqual({ runtime, edgeRuntime: runtime === 'edge-runtime', workers: runtime === 'workerd' });
});
