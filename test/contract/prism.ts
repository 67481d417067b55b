/**
 * Stoplight Prism as a mock of Cloudflare's OpenAPI document (test/contract/openapi.json, a
 * copy of the reference so a clean clone has it), on 127.0.0.1 and a free port, in static
 * mode (the spec's examples) or dynamic mode (`-d`: random schema-valid answers).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const PRISM = fileURLToPath(new URL('../../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url));
/** The OpenAPI document Prism serves. */
export const SPEC = fileURLToPath(new URL('./openapi.json', import.meta.url));

export interface RunningPrism {
  /** `http://127.0.0.1:<port>`: the client's `baseUrl` (the spec's paths start at `/zones`). */
  url: string;
  /** Wall-clock ms from spawn to the first answer. */
  startupMs: number;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Starts Prism and resolves once it answers HTTP; rejects (and stops it) if it exits first
 * or does not answer within `timeoutMs`.
 *
 * @example
 * ```ts
 * const prism = await startPrism({ dynamic: true });
 * const saas = new CloudflareSaaS({ apiToken, zoneId, baseUrl: prism.url });
 * await prism.close();
 * ```
 */
export async function startPrism(options: { dynamic: boolean; timeoutMs?: number }): Promise<RunningPrism> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [PRISM, 'mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'error', SPEC];
  if (options.dynamic) args.push('-d');
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk) => {
    log += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  const deadline = started + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}: ${log}`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(500) });
      break;
    } catch {
      if (performance.now() > deadline) {
        await stop(child);
        throw new Error(`prism did not answer within ${options.timeoutMs ?? 20_000} ms: ${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { url, startupMs: Math.round(performance.now() - started), close: () => stop(child) };
}
