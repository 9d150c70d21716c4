import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Config } from '../../src/config/load-config';

const BIN = join(__dirname, '..', '..', 'bin', 'hybrid-bot.js');

export interface WorkerProcess {
  pid: number;
  /** Resolves once the process logged that it started its workers. */
  started: Promise<void>;
  /** kill -9: no shutdown, jobs left claimed as a crashed machine leaves them. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Writes the bot's configuration where a `hybrid-bot worker` process can read it. */
export function workerEnv(config: Config, awsEndpoint: string, lockSeconds: number): NodeJS.ProcessEnv {
  const { env, ...file } = config;
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-bot-worker-'));
  const path = join(dir, 'config.yaml');
  writeFileSync(path, stringify(file));
  return {
    PATH: process.env.PATH,
    SLACK_BOT_TOKEN: env.SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: env.SLACK_SIGNING_SECRET,
    SLACK_API_URL: env.SLACK_API_URL,
    REDIS_URL: env.REDIS_URL,
    // Its /healthz and /readyz on any free port: several workers run at once in the tests.
    PORT: '0',
    HYBRID_BOT_CONFIG: path,
    HYBRID_BOT_JOB_LOCK_SECONDS: String(lockSeconds),
    // Several suites run at once: none binds the default metrics port.
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    AWS_ENDPOINT_URL: awsEndpoint,
    // The simulator's scenario knows these keys and signs its Kubernetes tokens' check against them.
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-west-2',
    NODE_NO_WARNINGS: '1',
  };
}

/** The real `hybrid-bot worker` process, as a deployment runs it. */
export function startWorkerProcess(
  env: NodeJS.ProcessEnv,
  log: string[] = [],
  /** Node's own flags, e.g. `--cpu-prof` (which NODE_OPTIONS may not carry). */
  nodeArgs: string[] = [],
): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, BIN, 'worker'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it started`)));
    child.stdout?.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        log.push(line);
        if (line.includes('hybrid-bot started')) resolve();
      }
    });
  });
  started.catch(() => undefined);
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  return {
    pid: child.pid ?? 0,
    started,
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The worker side of a deployment as a crash test drives it: one `hybrid-bot worker` process at a
 * time, which `crashAndReplace` kills with -9 and replaces with a fresh one.
 */
export async function startWorkerFleet(env: NodeJS.ProcessEnv) {
  const log: string[] = [];
  const fresh = async () => {
    const w = startWorkerProcess(env, log);
    await w.started;
    return w;
  };
  let current = await fresh();
  return {
    log,
    crashAndReplace: async () => {
      await current.crash();
      current = await fresh();
    },
    stop: () => current.stop(),
  };
}
