import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handlerOf } from './internal-handle.js';
import type { Simulator } from './types.js';

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
  /** Stops the server and ends open connections. */
  close(): Promise<void>;
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
  options: { port?: number; host?: '127.0.0.1' } = {},
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
      resolve({
        url,
        baseUrl: `${url}/client/v4`,
        dohUrl: `${url}/dns-query`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
