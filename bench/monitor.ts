import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, startRedisServer } from '../test/support/redis-server';

/**
 * bench:monitor: a monitor sweep over 100 clusters × 100 hybrid nodes, then over 20,000 nodes.
 * The simulator runs in its own process, and each sweep in a fresh one, so peak_rss_mb is the
 * monitor's alone. Prints one JSON line per fleet, then the ratio of their sweep times.
 */
const ROOT = join(__dirname, '..');
const TSX = require.resolve('tsx/cli');
const FLEETS = (process.env.BENCH_FLEETS ?? 'bench-100x100.yaml,bench-20000.yaml').split(',');

function startSimulator(scenario: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [TSX, join(ROOT, 'sim', 'cli.ts'), '--scenario', scenario, '--port', String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('AWS endpoint')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

function runSweep(env: NodeJS.ProcessEnv): Promise<Record<string, number>> {
  // Loaded the way bin/hybrid-bot.js loads the bot: tsx's require hook in the one process.
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'bench', 'monitor-sweep.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}'));
      else reject(new Error(`sweep exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const results: Record<string, number>[] = [];
  for (const fleet of FLEETS) {
    const redis = await startRedisServer();
    let sim: ChildProcess | undefined;
    try {
      const port = await freePort();
      sim = await startSimulator(join(ROOT, 'sim', 'scenarios', fleet), port);
      const result = await runSweep({ BENCH_AWS_ENDPOINT: `http://127.0.0.1:${port}`, REDIS_URL: redis.url });
      results.push(result);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      sim?.kill('SIGTERM');
      await redis.stop();
    }
  }
  const [small, large] = results;
  if (small?.sweep_seconds && large?.sweep_seconds) {
    const ratio = Number((large.sweep_seconds / small.sweep_seconds).toFixed(2));
    process.stdout.write(`${JSON.stringify({ time_ratio_20000_to_10000: ratio })}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
