import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { holdingClock } from './clock.js';
import { handlerOf } from './internal-handle.js';
import type { Simulator, SimulatorClientOptions } from './types.js';

/**
 * What {@link ListeningSimulator.clientOptions} returns: the in-process options with the
 * server's `baseUrl` and DoH URL, and a `fetch` that never leaves 127.0.0.1.
 *
 * @example
 * ```ts
 * const options: ListeningClientOptions = server.clientOptions();
 * options.baseUrl; // 'http://127.0.0.1:<port>/client/v4'
 * ```
 */
export interface ListeningClientOptions extends SimulatorClientOptions {
  baseUrl: string;
}

/**
 * A running loopback server in front of a simulator.
 *
 * @example
 * ```ts
 * const server: ListeningSimulator = await listen(sim);
 * await server.close();
 * ```
 */
export interface ListeningSimulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `${url}/client/v4` */
  baseUrl: string;
  /** `${url}/dns-query` */
  dohUrl: string;
  /**
   * Options for a client that talks to this server only: the simulator's token, zone, clock
   * and CNAME target, `baseUrl` and `dohResolver` on this server, and a `fetch` that sends
   * requests for this server over HTTP (with the global `fetch`) and answers any other URL
   * (the customers' token URLs, another resolver) in process from the simulated world, as
   * `sim.fetch` does. Without it, `validation.diagnose` and `waitUntilActive` with
   * `recheck: 'auto'` would query the public DoH resolver and the customers' real hosts.
   *
   * @example
   * ```ts
   * const saas = new CloudflareSaaS(server.clientOptions());
   * await saas.validation.waitUntilActive(host.id, { recheck: 'auto' });
   * ```
   */
  clientOptions(): ListeningClientOptions;
  /** Stops the server and ends open connections. */
  close(): Promise<void>;
}

function urlOf(input: string | URL | Request): URL {
  return new URL(input instanceof Request ? input.url : input);
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Over HTTP for `origin` (the global `fetch`, looked up per call), `simulator.fetch` for any
 * other URL. A request over HTTP holds the clock's auto-advance until its answer is read: it
 * takes many macrotasks, and a clock that jumped to another task's sleeper meanwhile would
 * have the simulator answer it hours after it was sent.
 */
function loopbackFetch(simulator: Simulator, origin: string): SimulatorClientOptions['fetch'] {
  return async (input, init) => {
    if (urlOf(input).origin !== origin) return simulator.fetch(input, init);
    return holdingClock(simulator.clock, async () => {
      const response = await globalThis.fetch(input, init);
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      const { status, statusText, headers } = response;
      return new Response(body, { status, statusText, headers });
    });
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}

async function serve(simulator: Simulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const aborted = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborted.abort(new DOMException('The client went away.', 'AbortError'));
  });
  const method = req.method ?? 'GET';
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
  const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
  const init: RequestInit = { method, headers };
  if (body) init.body = new Uint8Array(body);
  try {
    const outcome = await handlerOf(simulator)(new Request(url, init), aborted.signal);
    if (outcome.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const { answer } = outcome;
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
    res.end(method === 'HEAD' ? undefined : answer.body);
  } catch {
    req.socket.destroy();
  }
}

/**
 * Serves a simulator over HTTP on 127.0.0.1 (port 0 = any free port), for clients and tools
 * that cannot take a `fetch` function. `drop` and `lose-response` faults destroy the socket.
 *
 * @example
 * ```ts
 * const server = await listen(sim);
 * const res = await fetch(`${server.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, { headers: { authorization: `Bearer ${sim.apiToken}` } });
 * await server.close();
 * ```
 */
export function listen(
  simulator: Simulator,
  options: { port?: number | undefined; host?: '127.0.0.1' | undefined } = {},
): Promise<ListeningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void serve(simulator, req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const url = `http://${host}:${port}`;
      const baseUrl = `${url}/client/v4`;
      const dohUrl = `${url}/dns-query`;
      const fetch = loopbackFetch(simulator, url);
      resolve({
        url,
        baseUrl,
        dohUrl,
        clientOptions: () => ({ ...simulator.clientOptions(), baseUrl, dohResolver: dohUrl, fetch }),
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
