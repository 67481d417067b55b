/**
 * What the demo and the examples print never holds a credential. Every example in
 * examples/ runs as a child process (`node --import tsx`) on the embedded simulator; the
 * support CLI also runs its sub-commands. Then the examples run against the simulator over
 * loopback with the credential in their environment while Cloudflare refuses everything,
 * so that the client's errors are printed — by the example itself, or by Node as an
 * uncaught error with every property and cause — and those outputs are scanned too.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { type ListeningSimulator, listen } from '../../src/testing-node.js';
import { findSecrets } from './secret-scan.js';

/** A child process per example: each takes a second or two, more on a loaded machine. */
const CHILD_TIMEOUT = 90_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = `${ROOT}examples/`;

/** The examples to run: every top-level .ts file that no other example imports. */
function entryExamples(): string[] {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts'));
  const sources = files.map((f) => readFileSync(`${EXAMPLES}${f}`, 'utf8'));
  const imported = (file: string) => sources.some((source) => source.includes(`'./${file.replace(/\.ts$/, '.js')}'`));
  return files.filter((f) => !imported(f)).sort();
}

/** Extra invocations for command-line examples: each prints something different. */
const EXTRA_ARGS: Record<string, string[][]> = {
  'cli.ts': [
    ['list', '--json'],
    ['instructions', 'app.northwind-traders.com'],
    ['add', 'app.customer-three.com', '--method', 'txt'],
  ],
};

interface Run {
  status: number | null;
  output: string;
}

function run(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CLOUDFLARE_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `examples/${file}`, ...args], {
      cwd: ROOT,
      env: { ...clean, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill(), CHILD_TIMEOUT - 5_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** The simulator's default credentials: the ones the examples' embedded simulator uses. */
const defaults = createSimulator();
const SECRETS = { apiToken: defaults.apiToken, apiKey: defaults.apiKey, email: defaults.email };

const examples = entryExamples();
const invocations = examples.flatMap((file) => [[file], ...(EXTRA_ARGS[file] ?? []).map((args) => [file, ...args])]);

describe.concurrent('examples on the embedded simulator print no credential', () => {
  it('finds the examples, the demo among them', () => {
    expect(examples).toContain('onboard.ts');
    expect(examples).not.toContain('connect.ts');
  });

  it.each(invocations.map((argv) => ({ argv, name: argv.join(' ') })))(
    '$name',
    async ({ argv }) => {
      const [file, ...args] = argv as [string, ...string[]];
      const { status, output } = await run(file, args, {});
      expect({ status, tail: status === 0 ? '' : output.slice(-2000) }).toEqual({ status: 0, tail: '' });
      expect(output.length).toBeGreaterThan(0);
      expect(findSecrets(output, SECRETS)).toEqual([]);
    },
    CHILD_TIMEOUT,
  );
});

describe.concurrent('examples whose calls Cloudflare refuses print their errors without the credential', () => {
  let sim: Simulator;
  let server: ListeningSimulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = createSimulator();
    sim.faults.inject({
      kind: 'status',
      status: 403,
      code: 1404,
      message: 'No quota',
      times: Number.POSITIVE_INFINITY,
    });
    server = await listen(sim);
    env = {
      CLOUDFLARE_API_TOKEN: sim.apiToken,
      CLOUDFLARE_ZONE_ID: sim.zoneId,
      CLOUDFLARE_BASE_URL: server.baseUrl,
      CLOUDFLARE_CNAME_TARGET: sim.cnameTarget,
      DEMO_HOSTNAME: 'app.customer-one.com',
    };
  });

  afterAll(async () => {
    await server.close();
  });

  it(
    'the demo dies on an uncaught PermissionDeniedError, printed in full by Node, with no credential in it',
    async () => {
      const { status, output } = await run('onboard.ts', [], env);
      expect(status).toBe(1);
      expect(output).toContain('PermissionDeniedError');
      expect(output).toContain('1404');
      expect(findSecrets(output, SECRETS)).toEqual([]);
      expect(sim.requests.filter((r) => r.auth === 'token').length).toBeGreaterThan(0);
    },
    CHILD_TIMEOUT,
  );

  it(
    'the support CLI reports the refusal and its cf-ray, with no credential in it',
    async () => {
      const { status, output } = await run('cli.ts', ['status', 'app.customer-one.com'], env);
      expect(status).toBe(1);
      expect(output).toMatch(/PermissionDeniedError: 403 GET .*1404: No quota/);
      expect(output).toContain('cf-ray');
      expect(findSecrets(output, SECRETS)).toEqual([]);
    },
    CHILD_TIMEOUT,
  );
});
