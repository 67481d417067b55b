// CommonJS consumer: `require()` of the ESM-only package (require(esm), Node >= 20.19).
const assert = require('node:assert/strict');
const { CloudflareSaaS, ConfigError, classify } = require('cloudflare-custom-hostnames');
const validation = require('cloudflare-custom-hostnames/validation');
const { createSimulator } = require('cloudflare-custom-hostnames/testing');

assert.equal(typeof CloudflareSaaS, 'function');
assert.equal(validation.classify, classify, 'one module instance behind both entry points');
assert.throws(() => new CloudflareSaaS({ zoneId: 'nope', apiToken: 'x'.repeat(40) }), ConfigError);

const sim = createSimulator();
const saas = new CloudflareSaaS({ apiToken: sim.apiToken, zoneId: sim.zoneId, fetch: sim.fetch, clock: sim.clock });
saas.customHostnames.create({ hostname: 'shop.customer-two.com' }).then((host) => {
  assert.equal(classify(host).state === 'active', false);
  console.log(`require(esm) ok: created ${host.hostname} (${host.status})`);
});
