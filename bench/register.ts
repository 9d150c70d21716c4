import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeActivationsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { viewSubmission } from '../test/support/hosts-support';
import { startTestBot } from '../test/support/test-bot';
import { limitFromEnv, pacingReport, RATE_RATIO_TARGET } from './aws-pacing';

/**
 * bench:register: a bulk registration of BENCH_HOSTS (500) hosts through the form, against the
 * simulator's token bucket for CreateActivation (BENCH_RATE, default 20 a second; BENCH_BURST, default
 * the rate), which the bot does not know and has to learn from throttles. BENCH_WORKERS (default 1)
 * splits the hosts into that many bulks run at once by as many worker replicas, each with its own AWS
 * clients, sharing the account's one bucket. Prints how close the run came to the bucket's rate and
 * exits non-zero under 0.9 of it or when any host failed.
 */
const HOSTS = Number(process.env.BENCH_HOSTS ?? 500);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const API = 'ssm:CreateActivation';

async function main(): Promise<boolean> {
  const t = await startTestBot({
    mode: WORKERS > 1 ? 'web' : 'all',
    file: {
      clusters: [{ name: 'demo', region: 'us-west-2', channel: 'C0OPS', hybridNodesRole: 'HybridNodesRole' }],
    },
  });
  const replicas =
    WORKERS > 1 ? await Promise.all(Array.from({ length: WORKERS }, () => t.startReplica())) : [];
  const names = Array.from({ length: HOSTS }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
  const bulks = Array.from({ length: WORKERS }, (_, w) => names.filter((_, i) => i % WORKERS === w));
  const csvs = bulks.map((bulk) =>
    [
      'name,site,ip',
      ...bulk.map((n) => {
        const i = Number(n.slice('bench-'.length));
        return `${n},store-12,10.80.${10 + Math.floor(i / 250)}.${(i % 250) + 1}`;
      }),
    ].join('\n'),
  );
  const files = createServer((req, res) => res.end(csvs[Number(/hosts-(\d+)/.exec(req.url ?? '')?.[1])]));
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  try {
    const limit = limitFromEnv(t.sim.control, API, { rate: 20 });
    const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}/files-pri/T0SIM-F0BENCH`;
    const started = Date.now();
    const paceKey = '{hb}:aws-pace:us-west-2 default ssm:CreateActivation';
    // BENCH_TRACE=1: each second, the activations made so far and the pace the bot has learnt.
    const trace = process.env.BENCH_TRACE
      ? setInterval(async () => {
          const made = t.sim.control.apiCalls()[API] ?? 0;
          const pace = Number((await t.inspect.hget(paceKey, 'rate')) ?? 0);
          const throttled = t.sim.control.throttles()[API] ?? 0;
          console.error(
            `${((Date.now() - started) / 1000).toFixed(0)}s ok ${made - throttled} pace ${pace.toFixed(1)}`,
          );
        }, 1000)
      : undefined;
    await Promise.all(
      bulks.map((_, w) =>
        t.interaction(
          viewSubmission('U0OPERATOR', 'host_register_bulk', {
            cluster: { selected: 'demo' },
            k8s: '',
            csv: '',
            csv_file: {
              files: [
                { id: `F0BENCH${w}`, name: `hosts-${w}.csv`, url_private_download: `${base}/hosts-${w}.csv` },
              ],
            },
          }),
        ),
      ),
    );
    const dones = () =>
      t.slack
        .calls()
        .filter(
          (c) => c.method === 'chat.update' && /Done: \d+ of \d+ hosts issued/.test(JSON.stringify(c.args)),
        );
    await t.waitForCall(() => dones().length >= WORKERS, 30 * 60_000);
    const seconds = (Date.now() - started) / 1000;
    clearInterval(trace);
    const activations = t.sim.control
      .state()
      .activations.filter((a: { defaultInstanceName?: string }) =>
        names.includes(a.defaultInstanceName ?? ''),
      );
    const perHost = new Map<string, number>();
    for (const a of activations as { defaultInstanceName: string }[]) {
      perHost.set(a.defaultInstanceName, (perHost.get(a.defaultInstanceName) ?? 0) + 1);
    }
    const duplicates = [...perHost.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const failedInMessages = dones().reduce(
      (sum, c) => sum + Number(/(\d+) failed/.exec(JSON.stringify(c.args))?.[1] ?? 0),
      0,
    );
    const failures = Math.max(failedInMessages, HOSTS - perHost.size);
    // The sustained pace: activations beyond the burst, over the time from the first to the last, as
    // SSM records their creation.
    const created = await creationTimes(t.sim.awsEndpoint, new Set(names));
    const window = (Math.max(...created) - Math.min(...created)) / 1000;
    const pacing = pacingReport(t.sim.control, API, created.length - limit.burst, window);
    const overall = activations.length / seconds / limit.ratePerSecond;
    const calls = t.sim.control.apiCalls()[API] ?? 0;
    // The pace the bot learnt (shared by its workers): near the bucket's rate while the run fell short
    // of it means the bulk, not the pacing, was the limit.
    const learnt = Number((await t.inspect.hget(paceKey, 'rate')) ?? 0);
    console.log(
      JSON.stringify({
        hosts: HOSTS,
        workers: WORKERS,
        seconds: Number(seconds.toFixed(2)),
        achieved_rate: pacing.achieved_rate,
        allowed_rate: limit.ratePerSecond,
        burst: limit.burst,
        ratio: Number(overall.toFixed(3)),
        rate_ratio: pacing.rate_ratio,
        activation_seconds: Number(window.toFixed(2)),
        throttles: pacing.throttles,
        learnt_rate: Number(learnt.toFixed(2)),
        throttle_rate: Number((calls ? pacing.throttles / calls : 0).toFixed(3)),
        duplicates,
        failures,
      }),
    );
    return pacing.rate_ratio >= RATE_RATIO_TARGET && failures === 0 && duplicates === 0;
  } finally {
    files.close();
    await Promise.all(replicas.map((r) => r.stop(5000)));
    await t.stop();
  }
}

/** When each of the hosts' activations was created, read back as the aws CLI would. */
async function creationTimes(endpoint: string, hosts: Set<string>): Promise<number[]> {
  const ssm = new SSMClient({
    region: 'us-west-2',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  try {
    const times: number[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new DescribeActivationsCommand({ MaxResults: 50, NextToken }));
      for (const a of page.ActivationList ?? []) {
        if (a.CreatedDate && hosts.has(a.DefaultInstanceName ?? '')) times.push(a.CreatedDate.getTime());
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return times;
  } finally {
    ssm.destroy();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
