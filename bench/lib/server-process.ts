import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BenchServer {
  baseUrl: string;
  zoneId: string;
  apiToken: string;
  /** The id of the first seeded hostname. */
  id: string;
  /** The server process id (for its own CPU accounting, if wanted). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts bench/server.ts in its own Node process and waits for its address. */
export async function startServer(seed: number): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', String(seed)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const info = JSON.parse(line) as Omit<BenchServer, 'stop' | 'pid'>;
  return {
    ...info,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
