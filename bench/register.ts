import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ACTIVATIONS_PER_SECOND } from '../src/adapters/redis/activation-pacer';
import { viewSubmission } from '../test/support/hosts-support';
import { startTestBot } from '../test/support/test-bot';

/**
 * bench:register: a bulk registration of BENCH_HOSTS (500) hosts through the form, against the
 * simulator with CreateActivation throttling injected (BENCH_THROTTLE, 0.2), and the bot pacing its
 * CreateActivation calls at its allowed rate. Prints how close the run came to that rate.
 */
const HOSTS = Number(process.env.BENCH_HOSTS ?? 500);
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 0.2);

async function main(): Promise<void> {
  const t = await startTestBot({
    file: {
      clusters: [{ name: 'demo', region: 'us-west-2', channel: 'C0OPS', hybridNodesRole: 'HybridNodesRole' }],
    },
  });
  const names = Array.from({ length: HOSTS }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
  const csv = [
    'name,site,ip',
    ...names.map((n, i) => `${n},store-12,10.80.${10 + Math.floor(i / 250)}.${(i % 250) + 1}`),
  ].join('\n');
  const files = createServer((_req, res) => res.end(csv));
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  try {
    t.sim.control.setFault({ service: 'ssm', operation: 'CreateActivation', throttleRate: THROTTLE });
    const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/files-pri/T0SIM-F0BENCH/hosts.csv`;
    const started = Date.now();
    await t.interaction(
      viewSubmission('U0OPERATOR', 'host_register_bulk', {
        cluster: { selected: 'demo' },
        k8s: '',
        csv: '',
        csv_file: { files: [{ id: 'F0BENCH', name: 'hosts.csv', url_private_download: url }] },
      }),
    );
    const done = await t.waitForCall(
      (c) => c.method === 'chat.update' && /Done: \d+ of \d+ hosts issued/.test(JSON.stringify(c.args)),
      30 * 60_000,
    );
    const seconds = (Date.now() - started) / 1000;
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
    const failures =
      Number(/(\d+) failed/.exec(JSON.stringify(done.args))?.[1] ?? 0) + (HOSTS - perHost.size);
    const achieved = HOSTS / seconds;
    console.log(
      JSON.stringify({
        hosts: HOSTS,
        seconds: Number(seconds.toFixed(2)),
        achieved_rate: Number(achieved.toFixed(2)),
        allowed_rate: DEFAULT_ACTIVATIONS_PER_SECOND,
        ratio: Number((achieved / DEFAULT_ACTIVATIONS_PER_SECOND).toFixed(3)),
        duplicates,
        failures,
        throttle_rate: THROTTLE,
      }),
    );
  } finally {
    files.close();
    await t.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
