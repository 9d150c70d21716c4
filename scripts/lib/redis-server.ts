import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface RedisServer {
  url: string;
  port: number;
  /** The server's process ID (benchmarks read its CPU time). */
  pid: number | undefined;
  stop(): Promise<void>;
  /** kill -9: Redis dies as in a crash or an evicted pod, with no chance to save. */
  kill(): Promise<void>;
}

export interface RedisServerOptions {
  /** Start on this port (a restart on the same address); a free port by default. */
  port?: number;
  /** Extra redis-server arguments, e.g. `['--appendonly', 'yes', '--dir', dir]`; the last of a repeated option wins. */
  args?: string[];
}

/** The kernel's range for port-0 binds and outgoing connections (Linux's default where unreadable). */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low && high) return [low, high];
  } catch {
    // Not Linux: the IANA range, which macOS and Windows use.
    return [49152, 65535];
  }
  return [32768, 60999];
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on, for a process started next. Taken from below the kernel's ephemeral
 * range: a port the kernel hands out (to another suite's port-0 server or an outgoing connection) in
 * the seconds before that process binds it would make the start fail.
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const bottom = 10_000;
  const top = Math.max(bottom + 1000, low - 1);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = bottom + Math.floor(Math.random() * (top - bottom));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port found between ${bottom} and ${top}`);
}

/** A real redis-server on a free port, with nothing persisted; the tests' Redis. */
export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'redis-server is not on PATH. Install it first: `apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS).',
    );
  }
  for (let attempt = 0; ; attempt++) {
    const port = opts.port ?? (await freePort());
    const proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        ...(opts.args ?? []),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    if (await ready(proc)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        pid: proc.pid,
        stop: () => {
          proc.kill('SIGTERM');
          return exited;
        },
        kill: () => {
          proc.kill('SIGKILL');
          return exited;
        },
      };
    }
    // Another process took the port between our check and redis binding it: try another.
    if (opts.port !== undefined || attempt >= 3) throw new Error('redis-server did not start');
  }
}

function ready(proc: ChildProcess): Promise<boolean> {
  return new Promise((resolve) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve(true);
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', () => resolve(false));
  });
}
