import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'bin', 'hybrid-bot.js');

export type ProcessMode = 'web' | 'worker';

/** One `hybrid-bot web` or `hybrid-bot worker` process of a deployment, which can be killed and started again. */
export interface BotProcess {
  /** `web-1`, `worker-3`… */
  name: string;
  mode: ProcessMode;
  /** The running process's id; 0 while it is down. */
  pid(): number;
  /** Where a web process takes Slack's requests (the same port across restarts). */
  url(): string;
  up(): boolean;
  /** kill -9: no shutdown, its jobs left claimed as a crashed machine leaves them. */
  kill(): Promise<void>;
  /** Starts it again (after a kill or stop); resolves once it has started. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Resident memory in KiB (Linux /proc), 0 while it is down. */
  rssKiB(): number;
  /** How many times it was started, the first start included. */
  starts(): number;
}

export interface BotProcesses {
  web: BotProcess[];
  workers: BotProcess[];
  all(): BotProcess[];
  /** The URL of a running web process, taking each in turn: requests spread over all of them. */
  nextWebUrl(): string;
  stop(): Promise<void>;
}

export interface ProcessOptions {
  /** Each line a process writes (stdout and stderr), with its name. */
  onLine?: (name: string, line: string) => void;
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
}

/**
 * Starts `hybrid-bot <mode>` (bin/hybrid-bot.js) with `env`; resolves once it logged that it
 * started, with the port its Slack receiver listens on (web).
 */
function spawnBot(
  mode: ProcessMode,
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void,
): { running: Running; started: Promise<number> } {
  const child = spawn(process.execPath, [BIN, mode], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let port = 0;
  const started = new Promise<number>((resolve, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`hybrid-bot ${mode} exited (${code ?? signal}) before it started`)),
    );
    let rest = '';
    child.stdout?.on('data', (d: Buffer) => {
      const lines = (rest + d.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        onLine(line);
        if (line.includes('slack receiver listening')) port = portIn(line);
        if (line.includes('hybrid-bot started')) resolve(port);
      }
    });
    child.stderr?.on('data', (d: Buffer) => onLine(d.toString()));
  });
  started.catch(() => undefined);
  return { running: { child, exited }, started };
}

function portIn(line: string): number {
  try {
    return Number((JSON.parse(line) as { port?: number }).port ?? 0);
  } catch {
    return 0;
  }
}

function supervised(name: string, mode: ProcessMode, env: NodeJS.ProcessEnv, opts: ProcessOptions) {
  let current: Running | undefined;
  let port = 0;
  let starts = 0;
  const start = async () => {
    // A web process comes back on its own port, so Slack's requests find it where they did.
    const { running, started } = spawnBot(mode, { ...env, PORT: String(port) }, (line) =>
      opts.onLine?.(name, line),
    );
    current = running;
    starts += 1;
    running.exited.then(() => {
      if (current === running) current = undefined;
    });
    const listening = await started;
    if (mode === 'web') port = listening;
  };
  const end = async (signal: NodeJS.Signals) => {
    const running = current;
    if (!running) return;
    running.child.kill(signal);
    await running.exited;
  };
  const proc: BotProcess = {
    name,
    mode,
    pid: () => current?.child.pid ?? 0,
    url: () => `http://127.0.0.1:${port}`,
    up: () => current !== undefined,
    kill: () => end('SIGKILL'),
    restart: async () => {
      if (current) throw new Error(`${name} is still running`);
      await start();
    },
    stop: () => end('SIGTERM'),
    rssKiB: () => rssKiBOf(current?.child.pid),
    starts: () => starts,
  };
  return { proc, start };
}

function rssKiBOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * A deployment of `web` web and `workers` worker processes, each its own `hybrid-bot` process on
 * one Redis, as the README describes running several: `env` as workerEnv writes it (PORT and
 * METRICS_PORT 0, so each takes free ports).
 */
export async function startBotProcesses(
  env: NodeJS.ProcessEnv,
  counts: { web: number; workers: number },
  opts: ProcessOptions = {},
): Promise<BotProcesses> {
  const make = (mode: ProcessMode, n: number) =>
    Array.from({ length: n }, (_, i) => supervised(`${mode}-${i + 1}`, mode, env, opts));
  const web = make('web', counts.web);
  const workers = make('worker', counts.workers);
  const procs = [...web, ...workers];
  try {
    await Promise.all(procs.map((p) => p.start()));
  } catch (err) {
    await Promise.all(procs.map((p) => p.proc.kill()));
    throw err;
  }
  let turn = 0;
  return {
    web: web.map((p) => p.proc),
    workers: workers.map((p) => p.proc),
    all: () => procs.map((p) => p.proc),
    nextWebUrl: () => {
      const up = web.map((p) => p.proc).filter((p) => p.up());
      const pick = up[turn++ % Math.max(up.length, 1)] ?? web[0]?.proc;
      if (!pick) throw new Error('no web process');
      return pick.url();
    },
    stop: async () => {
      await Promise.all(procs.map((p) => p.proc.stop()));
    },
  };
}
