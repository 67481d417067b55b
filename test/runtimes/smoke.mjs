// Smoke test of both builds of the package on whichever runtime runs this file: Node, Bun or
// Deno. These runtimes resolve the package to dist/node/ (the "node" export condition, zod
// bundled in); dist/ (what bundlers resolve) runs here too.
//
//   node test/runtimes/smoke.mjs
//   bun test/runtimes/smoke.mjs
//   deno run --allow-read --allow-env --allow-net=127.0.0.1 test/runtimes/smoke.mjs
//
// Prints one JSON line with what ran; any failure throws, so the process exits non-zero.
import { check, inMemory, runtimeName, simulator } from './flow.mjs';

const BUILDS = ['dist', 'dist/node'];

const HOST = 'app.customer-one.com';

/** The network path: the simulator behind a 127.0.0.1 server, the runtime's own global fetch. */
async function loopback(steps, { CloudflareSaaS, ConflictError }, testing, { listen }) {
  const sim = simulator(testing);
  const server = await listen(sim);
  try {
    const saas = new CloudflareSaaS({
      apiToken: sim.apiToken,
      zoneId: sim.zoneId,
      baseUrl: server.baseUrl,
      clock: sim.clock,
    });
    const created = await saas.customHostnames.create({ hostname: HOST });
    check(steps, created.hostname === HOST, 'create over 127.0.0.1', created.hostname);
    sim.faults.inject({ kind: 'drift' });
    const drifted = await saas.customHostnames.get(created.id);
    check(steps, drifted.ssl?.status === 'some_future_status', 'unknown status parsed over 127.0.0.1', drifted.ssl);
    const duplicate = await saas.customHostnames.create({ hostname: HOST }).catch((error) => error);
    check(steps, duplicate instanceof ConflictError, 'ConflictError over 127.0.0.1', duplicate?.name);
    // What loggers and stack traces print: the class names, not a minifier's.
    const names = [duplicate.constructor.name, saas.constructor.name, sim.clock.constructor.name];
    check(steps, names.join() === 'ConflictError,CloudflareSaaS,VirtualClock', 'class names kept', names);
  } finally {
    await server.close();
  }
}

const steps = [];
const started = performance.now();
for (const build of BUILDS) {
  const pkg = await import(`../../${build}/index.js`);
  const testing = await import(`../../${build}/testing.js`);
  const testingNode = await import(`../../${build}/testing-node.js`);
  await inMemory(steps, pkg, testing);
  await loopback(steps, pkg, testing, testingNode);
}
console.log(
  JSON.stringify({
    ok: true,
    runtime: runtimeName(),
    builds: BUILDS,
    steps: steps.length,
    ms: Math.round(performance.now() - started),
  }),
);
