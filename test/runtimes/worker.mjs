// The in-memory smoke flow as a Cloudflare Worker: bundled from dist/ with esbuild and run in
// workerd by workerd-smoke.mjs, with no compatibility flags (no nodejs_compat).
import * as pkg from '../../dist/index.js';
import * as testing from '../../dist/testing.js';
import { inMemory, runtimeName } from './flow.mjs';

export default {
  async fetch() {
    const steps = [];
    try {
      await inMemory(steps, pkg, testing);
      return Response.json({ ok: true, runtime: runtimeName(), steps: steps.length });
    } catch (error) {
      return Response.json({ ok: false, error: String(error?.stack ?? error), steps }, { status: 500 });
    }
  },
};
