import { changesOf } from '../test/support/change-crashes';
import { buttonsIn, hostsFile } from '../test/support/hosts-support';
import { approveChange, edgeHost, poolScenario, registerAtHost } from '../test/support/pool-support';
import { startTestBot, type TestBot } from '../test/support/test-bot';
import { until } from '../test/support/until';
import { startWorkerProcess, workerEnv } from '../test/support/worker-process';

/**
 * bench:upgrade: a pool of BENCH_NODES (20) nodes rolled out twice, with --max-unavailable 1 and
 * then 4, where the simulator takes BENCH_NODE_MS (2000) per node for drain + `nodeadm upgrade` +
 * Ready (nothing to evict, no delay but the upgrade's). Prints, per rollout, its time against the
 * ideal ceil(nodes / max-unavailable) × T: the overhead is the bot's own (jobs, polls, patches).
 * The bot's jobs run in a `hybrid-bot worker` process of their own, as deployed: the simulated
 * AWS and Kubernetes APIs, here in the bench's process, do not share its event loop.
 */
const NODES = Number(process.env.BENCH_NODES ?? 20);
const NODE_MS = Number(process.env.BENCH_NODE_MS ?? 2000);

const said = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);

async function profile(t: TestBot, version: string, k8s: string): Promise<void> {
  await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
  await t.waitForCall((c) => said(c).includes(`edge@${version}* created`), 30_000);
}

async function rollout(t: TestBot, version: string, maxUnavailable: number) {
  t.slack.clear();
  await t.command(
    `pool upgrade bench --cluster demo --profile edge@${version} --max-unavailable ${maxUnavailable}`,
    {
      user: 'U0OPERATOR',
    },
  );
  const request = await approveChange(t, `Roll edge@${version} out to pool bench`);
  // From the approval click: planning and the request message are not the rollout's time.
  const started = Date.now();
  const [approve] = buttonsIn(request.args) as { value: string }[];
  const { id } = JSON.parse(approve?.value ?? '{}') as { id: string };
  // The rollout's own time: from the approval to the change done in the bot's store (the channel
  // message follows at Slack's pace for chat.update).
  await until(`rollout ${id} to finish`, async () => (await changesOf(t).get(id))?.state === 'done', {
    timeoutMs: 30 * 60_000,
    intervalMs: 20,
  });
  const seconds = (Date.now() - started) / 1000;
  if (process.env.BENCH_TRACE) await trace(t, started);
  const ideal = (Math.ceil(NODES / maxUnavailable) * NODE_MS) / 1000;
  return {
    nodes: NODES,
    max_unavailable: maxUnavailable,
    seconds: Number(seconds.toFixed(2)),
    ideal_seconds: ideal,
    overhead_ratio: Number((seconds / ideal).toFixed(3)),
  };
}

/** BENCH_TRACE=1: each step of the last rollout, when it started and ended (ms from the approval). */
async function trace(t: TestBot, started: number): Promise<void> {
  for (const change of await changesOf(t).list(1000)) {
    const steps = await changesOf(t).steps(change.id);
    if (!steps.some((s) => s.action === 'rollout-start' && (s.startedAt ?? 0) >= started)) continue;
    for (const s of steps.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0))) {
      console.error(
        `${s.key.padEnd(28)} ${(s.startedAt ?? started) - started} → ${(s.endedAt ?? started) - started} (${s.attempts} tries)`,
      );
    }
  }
}

async function main(): Promise<void> {
  const world = poolScenario(NODES, { nodeadmUpgradeMs: NODE_MS, commandStepMs: 0 } as never);
  // Nothing to evict: the demo's sample app, and the CoreDNS replicas a pool create puts on hybrid
  // nodes when CoreDNS is an EKS add-on, would add their pods' moves to T.
  const clusters = (world.clusters ?? []).map((c) => ({
    ...c,
    apps: [],
    addons: (c.addons ?? []).filter((a) => a.name !== 'coredns'),
  }));
  const t = await startTestBot({
    scenario: { ...world, clusters },
    // Polls scaled to T about as the defaults (1 s, 15 s) are to a real `nodeadm upgrade` of minutes.
    file: hostsFile({ pools: { pollMinMs: 10, pollMaxMs: 100 } }),
    mode: 'web',
  });
  const worker = startWorkerProcess({ ...workerEnv(t.config, t.sim.awsEndpoint, 30) });
  try {
    await worker.started;
    await profile(t, '1.0.0', '1.29');
    await profile(t, '1.1.0', '1.30');
    await profile(t, '1.2.0', '1.31');
    const hosts = Array.from({ length: NODES }, (_, i) => edgeHost(i + 1));
    for (const [i, host] of hosts.entries()) await registerAtHost(t, host, `10.80.20.${i + 11}`);
    await t.command(
      `pool create bench --cluster demo --profile edge@1.0.0 --hosts ${hosts.join(',')} --max-parallel 10`,
      {
        user: 'U0OPERATOR',
      },
    );
    await approveChange(t, `Create pool bench (${NODES} hosts)`);
    await t.waitForCall(
      (c) =>
        c.method === 'chat.update' && said(c).includes('*Done*') && said(c).includes('Create pool bench'),
      10 * 60_000,
    );
    const results = [await rollout(t, '1.1.0', 1), await rollout(t, '1.2.0', 4)];
    console.log(JSON.stringify(results));
  } finally {
    await worker.stop();
    await t.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
