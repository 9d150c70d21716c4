import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { ScenarioInput } from '../sim';
import {
  TAG_CLUSTER,
  TAG_HOST,
  TAG_MANAGED,
  TAG_REQUESTED_BY,
  TAG_SITE,
} from '../src/domain/activation-request';
import { POOL_LABEL, SITE_LABEL } from '../src/domain/bot-labels';
import type { FleetPlan } from '../src/domain/fleets/fleet-plan';
import { HOST_FILES } from '../src/domain/hosts/host-files';
import { poolNodeAnnotations } from '../src/domain/pools/pool-annotations';
import { credentialsPart } from '../src/domain/pools/pool-node-config';
import { changesOf } from '../test/support/change-crashes';
import { buttonClick, buttonsIn } from '../test/support/hosts-support';
import { text } from '../test/support/pool-support';
import { startTestBot, TEST_ACCESS, type TestBot } from '../test/support/test-bot';
import { until } from '../test/support/until';
import { startWorkerProcess, workerEnv } from '../test/support/worker-process';

/**
 * bench:fleet: BENCH_CLUSTERS (10) clusters × BENCH_POOLS (10) pools × BENCH_NODES (10) nodes rolled
 * from edge@1.0.0 to edge@1.1.0 by one `/hybrid fleet upgrade`, waves by cluster, `--parallel-pools 4`,
 * `--max-unavailable 2`, `--bake 0`, where the simulator takes BENCH_NODE_MS (1000) per node upgrade
 * (nothing to evict). Prints its time from the approval to the fleet change done in the bot's store,
 * against the ideal Σ over waves of ceil(pools / parallel pools) × ceil(nodes / max-unavailable) × T,
 * and the Redis commands (Redis's own INFO commandstats, before and after) per node step.
 *
 * The fleet is set up as an earlier bot would have left it: SSM hybrid nodes joined in bulk, their
 * managed instances tagged as the bot tags them, their nodes carrying the pool label and definition
 * annotations the bot's pool changes write. The bot's own reconcile (`/hybrid hosts --refresh`)
 * adopts the hosts and rebuilds the pools; `/hybrid pools` is checked before the fleet starts.
 * The bot's jobs run in a `hybrid-bot worker` process of their own, as deployed.
 */
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10);
const POOLS = Number(process.env.BENCH_POOLS ?? 10);
const NODES = Number(process.env.BENCH_NODES ?? 10);
const NODE_MS = Number(process.env.BENCH_NODE_MS ?? 1000);
const PARALLEL_POOLS = 4;
const MAX_UNAVAILABLE = 2;

const clusterName = (i: number) => `fleet-${String(i + 1).padStart(3, '0')}`;
const poolName = (i: number) => `pool-${String(i + 1).padStart(2, '0')}`;
const channelOf = (i: number) => `C0FLEET${String(i + 1).padStart(3, '0')}`;

function scenario(): ScenarioInput {
  return {
    clusters: [],
    hosts: [],
    commandStepMs: 0,
    nodeadmUpgradeMs: NODE_MS,
    bulk: { clusters: CLUSTERS, namePrefix: 'fleet', hybridNodesPerCluster: 0, sitesPerCluster: 1 },
  };
}

/** Each pool's nodes, as the bot's pool create left them: labelled, annotated, tagged in SSM. */
function joinPools(t: TestBot): void {
  const createdAt = Date.now() - 86_400_000;
  for (let c = 0; c < CLUSTERS; c++) {
    const cluster = clusterName(c);
    for (let p = 0; p < POOLS; p++) {
      const pool = poolName(p);
      const site = `${cluster}-site-${String(p + 1).padStart(2, '0')}`;
      t.sim.control.addHybridNodes(cluster, {
        count: NODES,
        sites: [site],
        siteLabel: SITE_LABEL,
        version: '1.30',
        labels: { [POOL_LABEL]: pool },
        annotations: poolNodeAnnotations({
          name: pool,
          profile: { name: 'edge', version: '1.0.0' },
          arch: 'amd64',
          labels: {},
          taints: [],
          maxParallel: 10,
          createdBy: 'U0OPERATOR',
          createdAt,
        }),
        tags: { [TAG_MANAGED]: 'true', [TAG_CLUSTER]: cluster, [TAG_REQUESTED_BY]: 'U0OPERATOR' },
        hostTag: TAG_HOST,
        siteTag: TAG_SITE,
        // What the bootstrap left: the NodeConfig's credentials part, beside which a pool writes its own.
        files: {
          [HOST_FILES.credentials]: credentialsPart({
            kind: 'ssm',
            activationId: '{activationId}',
            activationCode: '{activationCode}',
          }),
        },
      });
    }
  }
}

async function profile(t: TestBot, version: string, k8s: string): Promise<void> {
  await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 30_000);
}

/** The bot's reconcile adopts each cluster's hosts and rebuilds its pools; `/hybrid pools` shows them. */
async function adopt(t: TestBot): Promise<void> {
  for (let c = 0; c < CLUSTERS; c++) {
    t.slack.clear();
    await t.command(`hosts --refresh --cluster ${clusterName(c)}`, { user: 'U0OPERATOR' });
    await t.waitForCall((x) => x.kind === 'response_url' && text(x).includes('Edge hosts'), 120_000);
  }
  for (let c = 0; c < CLUSTERS; c++) {
    t.slack.clear();
    await t.command(`pools --cluster ${clusterName(c)}`, { user: 'U0VIEWER' });
    const reply = await t.waitForCall((x) => x.kind === 'response_url', 60_000);
    const listed = text(reply);
    const right = Array.from({ length: POOLS }, (_, p) => poolName(p)).filter((p) =>
      new RegExp(`${p}\\W[^\\n]*edge@1\\.0\\.0[^\\n]*${NODES} hosts[^\\n]*${NODES}/${NODES} Ready`).test(
        listed,
      ),
    );
    if (right.length !== POOLS) {
      throw new Error(
        `/hybrid pools --cluster ${clusterName(c)} shows ${right.length} of ${POOLS} pools right:\n${listed.slice(0, 3000)}`,
      );
    }
  }
}

/** Redis's own count of the commands it ran, all kinds but INFO (the bench's readings). */
async function commandsRun(redis: Redis): Promise<number> {
  return Object.values(await commandsByName(redis)).reduce((a, b) => a + b, 0);
}

async function commandsByName(redis: Redis): Promise<Record<string, number>> {
  const stats = await redis.info('commandstats');
  const by: Record<string, number> = {};
  for (const m of stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (m[1] !== 'info') by[m[1] as string] = Number(m[2]);
  }
  return by;
}

/** The worker's peak resident memory, as the kernel keeps it. */
function peakRssMb(pid: number): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(hwm ?? 0) / 1024);
}

async function main(): Promise<void> {
  const t = await startTestBot({
    scenario: scenario(),
    mode: 'web',
    file: {
      access: TEST_ACCESS,
      clusters: Array.from({ length: CLUSTERS }, (_, c) => ({
        name: clusterName(c),
        region: 'us-west-2',
        channel: channelOf(c),
        alertChannel: 'C0ALERTS',
        hybridNodesRole: 'HybridNodesRole',
      })),
      // Polls scaled to T about as the defaults (1 s, 15 s) are to a real `nodeadm upgrade` of minutes.
      pools: { pollMinMs: 10, pollMaxMs: 100 },
      // No sweep during the run: the monitor's work is its own benchmark's (bench:monitor).
      monitor: { intervalSeconds: 3600 },
    },
  });
  const worker = startWorkerProcess(
    workerEnv(t.config, t.sim.awsEndpoint, 30),
    [],
    // BENCH_PROF=DIR: a CPU profile of the worker, written when it stops.
    process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [],
  );
  try {
    await worker.started;
    const setUp = Date.now();
    joinPools(t);
    await profile(t, '1.0.0', '1.30');
    await profile(t, '1.1.0', '1.31');
    await adopt(t);
    process.stderr.write(
      `set up ${CLUSTERS * POOLS * NODES} nodes in ${((Date.now() - setUp) / 1000).toFixed(1)} s\n`,
    );

    t.slack.clear();
    process.stderr.write('asking for the fleet\n');
    await t.command(
      `fleet upgrade --profile edge@1.1.0 --waves by-cluster --parallel-pools ${PARALLEL_POOLS} --max-unavailable ${MAX_UNAVAILABLE} --bake 0`,
      { user: 'U0ADMIN' },
    );
    const request = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        text(c).includes('Roll edge@1.1.0 out to') &&
        buttonsIn(c.args).length > 0,
      Number(process.env.BENCH_PLAN_WAIT_MS ?? 10 * 60_000),
    );
    process.stderr.write('plan posted\n');
    const [approve] = buttonsIn(request.args) as { value: string; action_id: string }[];
    const { id } = JSON.parse(approve?.value ?? '{}') as { id: string };
    const byNameBefore = await commandsByName(t.inspect);
    const before = await commandsRun(t.inspect);
    const started = Date.now();
    await t.interaction(
      buttonClick('U0APPROVER', approve as never, {
        messageTs: '1700000001.000300',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    // Looked at once a second: the bench's own reads stay out of the count (subtracted below).
    let looks = 0;
    await until(
      `fleet ${id} to finish`,
      async () => {
        looks += 1;
        if (process.env.BENCH_TRACE === '2' && looks % 5 === 0) await traceChanges(t, started);
        return (await changesOf(t).get(id))?.state === 'done';
      },
      { timeoutMs: 120 * 60_000, intervalMs: 1000 },
    );
    const seconds = (Date.now() - started) / 1000;
    if (process.env.BENCH_TRACE) await traceSteps(t, id, started);
    const looksCost = await lookCost(t, id);
    const after = await commandsRun(t.inspect);
    if (process.env.BENCH_TRACE) {
      const now = await commandsByName(t.inspect);
      const diff = Object.entries(now)
        .map(([k, v]) => [k, v - (byNameBefore[k] ?? 0)] as const)
        .sort((a, b) => b[1] - a[1]);
      process.stderr.write(`commands: ${JSON.stringify(Object.fromEntries(diff.slice(0, 25)))}\n`);
      await traceJobs(t.inspect);
    }
    const fleet = await changesOf(t).get(id);
    const plan = JSON.parse(JSON.stringify(fleet?.plan)) as FleetPlan;
    const nodeSteps = await nodeStepsOf(t, plan, id);
    const perWave = plan.waves.map((_, w) => plan.pools.filter((p) => p.wave === w));
    const idealMs = perWave.reduce(
      (sum, pools) =>
        sum +
        Math.ceil(pools.length / PARALLEL_POOLS) *
          Math.max(...pools.map((p) => Math.ceil(p.rollout.nodes.length / MAX_UNAVAILABLE))) *
          NODE_MS,
      0,
    );
    const commands = after - before - looks * looksCost;
    const result = {
      nodes: plan.pools.reduce((n, p) => n + p.rollout.nodes.length, 0),
      pools: plan.pools.length,
      waves: plan.waves.length,
      seconds: Number(seconds.toFixed(2)),
      ideal_seconds: idealMs / 1000,
      overhead_ratio: Number((seconds / (idealMs / 1000)).toFixed(3)),
      redis_commands_per_node_step: Number((commands / nodeSteps).toFixed(1)),
      peak_rss_mb: peakRssMb(worker.pid),
      node_ms: NODE_MS,
      node_steps: nodeSteps,
      redis_commands: commands,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await worker.stop();
    await t.stop();
  }
}

/** BENCH_TRACE=1: every change's state and its steps under way, every few seconds. */
async function traceChanges(t: TestBot, started: number): Promise<void> {
  const lines: string[] = [`-- ${((Date.now() - started) / 1000).toFixed(1)} s`];
  for (const change of await changesOf(t).list(1000)) {
    const steps = await changesOf(t).steps(change.id);
    const open = steps.filter((s) => s.state === 'running' || s.state === 'failed');
    lines.push(
      `${change.id} ${change.state} ${change.title.slice(0, 50)}: ${steps.filter((s) => s.state === 'done').length}/${steps.length} done; ${open.map((s) => `${s.key} ${s.state} ${s.output ?? ''}`.slice(0, 160)).join(' | ')}`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** BENCH_TRACE=1: the fleet's steps, and those of one pool of its second wave, from the approval (ms). */
async function traceSteps(t: TestBot, fleetId: string, started: number): Promise<void> {
  const show = async (id: string) => {
    const steps = await changesOf(t).steps(id);
    for (const s of steps.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0))) {
      process.stderr.write(
        `${id} ${s.key.padEnd(34)} ${(s.startedAt ?? started) - started} → ${(s.endedAt ?? started) - started} (${s.attempts} tries)\n`,
      );
    }
  };
  await show(fleetId);
  const children = (await changesOf(t).list(10_000)).filter((c) => c.parent?.id === fleetId);
  const second = children.sort((a, b) => Number(a.id) - Number(b.id))[
    Math.min(POOLS + 1, children.length - 1)
  ];
  if (second) await show(second.id);
}

/** BENCH_TRACE=1: the jobs the run finished, by queue and kind. */
async function traceJobs(redis: Redis): Promise<void> {
  const kinds: Record<string, number> = {};
  const bytes: Record<string, number> = {};
  for (const queue of ['outbox', 'background', 'commands']) {
    const ids = await redis.zrange(`{hb}:${queue}:completed`, '0', '-1');
    for (const id of ids) {
      const name = (await redis.hget(`{hb}:${queue}:${id}`, 'name')) ?? '?';
      const kind = `${queue}/${name}${/-wait$/.test(id) ? ' (wait)' : /-done-/.test(id) ? ' (told)' : ''}`;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      bytes[kind] = (bytes[kind] ?? 0) + ((await redis.hget(`{hb}:${queue}:${id}`, 'data')) ?? '').length;
    }
  }
  process.stderr.write(`jobs: ${JSON.stringify(kinds)}\nbytes: ${JSON.stringify(bytes)}\n`);
}

/** What one of the bench's looks at the fleet change costs Redis, measured the same way. */
async function lookCost(t: TestBot, id: string): Promise<number> {
  const a = await commandsRun(t.inspect);
  await changesOf(t).get(id);
  const b = await commandsRun(t.inspect);
  return b - a;
}

/** The steps of the pools' changes that act on a node (start, drain, upgrade, uncordon…), not the pool's own. */
async function nodeStepsOf(t: TestBot, plan: FleetPlan, fleetId: string): Promise<number> {
  let n = 0;
  for (const change of await changesOf(t).list(10_000)) {
    if (change.parent?.id !== fleetId) continue;
    n += (await changesOf(t).steps(change.id)).filter((s) => s.group !== 'pool').length;
  }
  if (n === 0) throw new Error(`no pool change of fleet ${fleetId} among ${plan.pools.length} pools`);
  return n;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
