import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../scripts/lib/redis-server';
import { prometheusTool } from './prometheus-tools';
import { until } from './until';

export { freePort };

export interface PrometheusServer {
  url: string;
  /** The value of an instant query's first sample, undefined when it has none. */
  value(query: string): Promise<number | undefined>;
  /** Every sample of an instant query, as labels and value. */
  samples(query: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** GET of an API path, its JSON `data`. */
  api(path: string): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * A real `prometheus` (Debian's package), scraping the given targets on loopback every second and
 * evaluating `ruleFiles` every second, with its data in a temporary directory.
 */
export async function startPrometheus(opts: {
  targets: Record<string, string>;
  ruleFiles?: string[];
}): Promise<PrometheusServer> {
  const binary = prometheusTool('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-bot-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
    rule_files: opts.ruleFiles ?? [],
    scrape_configs: Object.entries(opts.targets).map(([job, target]) => ({
      job_name: job,
      static_configs: [{ targets: [target] }],
    })),
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  await until(
    'prometheus to be ready',
    async () => {
      if (gone) throw new Error(`prometheus exited:\n${output.join('')}`);
      return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok;
    },
    { timeoutMs: 30_000, intervalMs: 100, detail: () => output.join('') },
  );

  const api = async (path: string): Promise<unknown> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: unknown; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  };
  const samples = async (query: string) => {
    const data = (await api(`/api/v1/query?query=${encodeURIComponent(query)}`)) as {
      result: { metric: Record<string, string>; value: [number, string] }[];
    };
    return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };
  return {
    url,
    api,
    samples,
    value: async (query) => (await samples(query))[0]?.value,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
