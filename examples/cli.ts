/**
 * An internal-tool style command line around the client, for support staff:
 *
 *   npx tsx examples/cli.ts status app.northwind-traders.com
 *   npx tsx examples/cli.ts instructions app.northwind-traders.com
 *   npx tsx examples/cli.ts recheck app.northwind-traders.com
 *   npx tsx examples/cli.ts list --status pending --json
 *   npx tsx examples/cli.ts add app.customer.com --method txt
 *   npx tsx examples/cli.ts delete www.tailspin-toys.com
 *
 * Exit codes: 0 done, 1 Cloudflare said no, 2 bad usage or input. On the simulator (no
 * CLOUDFLARE_* variables) every run starts from a fresh zone holding app.northwind-traders.com
 * (the default hostname) and www.tailspin-toys.com: a hostname added in one run is gone in the
 * next.
 */
import { parseArgs } from 'node:util';
import {
  APIError,
  type CustomHostname,
  InputError,
  isCloudflareSaaSError,
  type ListCustomHostnamesParams,
  renderText,
} from 'cloudflare-custom-hostnames';
import { connect, fail } from './connect.js';

const COMMANDS = ['add', 'status', 'instructions', 'recheck', 'list', 'delete'];
const USAGE = `usage: cli.ts <add|status|instructions|recheck|delete> <hostname> [--method http|txt] [--json]
       cli.ts list [--status <status>] [--json]`;

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        method: { type: 'string', default: 'http' },
        status: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
}

const { values, positionals } = parse();
const [command = 'status', name] = positionals;
if (!COMMANDS.includes(command)) fail(`unknown command "${command}"\n${USAGE}`);
const method = values.method;
if (method !== 'http' && method !== 'txt') fail(`--method must be http or txt, not "${method}"\n${USAGE}`);

const { saas, sim, cnameTarget } = await connect();
// The pre-filled hostname is the default on the simulator only: on the real API, name one.
if (!name && !sim && command !== 'list') fail(`${command} needs a hostname\n${USAGE}`);
const target = name ?? 'app.northwind-traders.com';

if (sim) {
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  sim.world.setRecord('CNAME', 'www.tailspin-toys.com', sim.cnameTarget);
  await saas.customHostnames.create({ hostname: 'app.northwind-traders.com', ssl: { method: 'http', type: 'dv' } });
  await saas.customHostnames.create({ hostname: 'www.tailspin-toys.com', ssl: { method: 'http', type: 'dv' } });
  await sim.clock.advance(15 * 60_000);
}

const print = (human: string, data: unknown) => console.log(values.json ? JSON.stringify(data, null, 2) : human);
const summary = (h: CustomHostname) => {
  const v = saas.validation.classify(h);
  return `${h.hostname}  hostname=${h.status}  ssl=${h.ssl?.status}  → ${v.state}: ${v.reason}`;
};

try {
  switch (command) {
    case 'add': {
      const { hostname, outcome } = await saas.customHostnames.createOrGet({
        hostname: target,
        ssl: { method, type: 'dv' },
      });
      print(`${outcome}: ${summary(hostname)}`, { outcome, hostname });
      break;
    }
    case 'status': {
      const host = await saas.validation.resolve(target);
      print(summary(host), { hostname: host, verdict: saas.validation.classify(host) });
      break;
    }
    case 'instructions': {
      const todo = await saas.validation.instructions(target, { cnameTarget });
      print(renderText(todo), todo);
      break;
    }
    case 'recheck': {
      const host = await saas.validation.resolve(target);
      const after = await saas.validation.recheck(host.id);
      print(`recheck sent: ${summary(after)}`, after);
      break;
    }
    case 'list': {
      const filter: ListCustomHostnamesParams = { per_page: 1000 };
      if (values.status) filter.hostname_status = values.status as ListCustomHostnamesParams['hostname_status'];
      const rows: CustomHostname[] = [];
      for await (const h of saas.customHostnames.list(filter)) rows.push(h);
      print(rows.map(summary).join('\n') || '(none)', rows);
      break;
    }
    case 'delete': {
      const host = await saas.validation.resolve(target);
      print(`deleted ${host.hostname}`, await saas.customHostnames.delete(host.id));
      break;
    }
  }
} catch (error) {
  if (!isCloudflareSaaSError(error)) throw error;
  console.error(`${error.name}: ${error.message}`);
  if (error instanceof APIError && error.requestId) console.error(`cf-ray ${error.requestId}`);
  process.exitCode = error instanceof InputError ? 2 : 1;
}
