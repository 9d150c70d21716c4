import { readFileSync } from 'node:fs';
import { CreateActivationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parse } from 'yaml';
import { DEMO_SCENARIO_PATH } from '../sim/scenario/load-scenario';
import type { ScenarioInput } from '../sim/scenario/schema';
import { HostInventory } from '../src/adapters/redis/inventory';
import { POOL_BLOCKS, POOL_CREATE_VIEW, POOL_INPUT } from '../src/blocks/pools/pool-create-modal';
import { buildActivationRequest } from '../src/domain/activation-request';
import { ssmRegistrationScript } from '../src/domain/hosts/registration-bootstrap';
import { changesOf } from '../test/support/change-crashes';
import { buttonsIn, hostsFile, viewSubmission } from '../test/support/hosts-support';
import { approveChange } from '../test/support/pool-support';
import { startTestBot, type TestBot } from '../test/support/test-bot';
import { until } from '../test/support/until';
import { startWorkerProcess, workerEnv } from '../test/support/worker-process';

/**
 * bench:pool: `/hybrid pool create` joining registered hosts (nodeadm install, the NodeConfig,
 * nodeadm init through SSM Run Command, then the node Ready), where the simulator takes
 * BENCH_INSTALL_MS (2000) per `nodeadm install` and BENCH_INIT_MS (1000) per `nodeadm init`.
 * BENCH_RUNS lists the runs as hosts×max-parallel (default `50x5,50x10`; the full set is
 * `50x5,50x10,500x50`), each a new pool of its own hosts. Prints, per run, its time against the ideal
 * ceil(hosts / max-parallel) × (install + init), and the SSM and Kubernetes requests the simulator
 * answered meanwhile (the bot's whole traffic, its background sweeps too).
 * The hosts are registered up front (see registerAll); the bot's jobs run in a `hybrid-bot worker`
 * process of their own, as deployed.
 */
const RUNS = (process.env.BENCH_RUNS ?? '50x5,50x10').split(',').map((run) => {
  const [hosts, maxParallel] = run.split('x').map(Number);
  if (!hosts || !maxParallel) throw new Error(`BENCH_RUNS: "${run}" is not hosts×max-parallel, e.g. 50x5`);
  return { hosts, maxParallel };
});
const INSTALL_MS = Number(process.env.BENCH_INSTALL_MS ?? 2000);
const INIT_MS = Number(process.env.BENCH_INIT_MS ?? 1000);
const JOIN_MS = INSTALL_MS + INIT_MS;

const said = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const hostName = (i: number) => `pb-${String(i).padStart(4, '0')}`;
const hostIp = (i: number) => `10.80.${20 + Math.floor(i / 250)}.${(i % 250) + 1}`;

/** The demo world with `count` amd64 Ubuntu hosts at store-20, inside demo's remote node networks. */
function scenario(count: number): ScenarioInput {
  const demo = parse(readFileSync(DEMO_SCENARIO_PATH, 'utf8')) as ScenarioInput;
  // Nothing to place on the new nodes: the demo's sample app and the CoreDNS replicas a pool create
  // puts on hybrid nodes would add their own time to the join.
  const clusters = (demo.clusters ?? []).map((c) => ({
    ...c,
    apps: [],
    addons: (c.addons ?? []).filter((a) => a.name !== 'coredns'),
  }));
  const hosts = Array.from({ length: count }, (_, i) => ({
    name: hostName(i),
    site: 'store-20',
    ip: hostIp(i),
    arch: 'amd64' as const,
    os: 'ubuntu-22.04' as const,
  }));
  return {
    ...demo,
    clusters,
    hosts,
    nodeadmInstallMs: INSTALL_MS,
    nodeadmInitMs: INIT_MS,
    // Run Command's own delivery takes no time: the join is nodeadm's time alone.
    commandStepMs: 0,
  };
}

/**
 * Every host registered as the bot's bootstrap registers it (its activation with the bot's tags, the
 * bot's bootstrap run at the host), then one `/hybrid hosts --refresh`: the bot takes them into its
 * inventory from SSM, as it does after its Redis was wiped. Quicker than the registration form for
 * hundreds of hosts (no activation pacing, no notice per host in the channel), and the same hosts.
 */
async function registerAll(t: TestBot, names: string[]): Promise<void> {
  const ssm = new SSMClient({
    region: 'us-west-2',
    endpoint: t.sim.awsEndpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  try {
    for (const name of names) {
      const built = buildActivationRequest({
        hybridNodesRole: 'HybridNodesRole',
        hostName: name,
        cluster: 'demo',
        site: 'store-20',
        requester: 'U0OPERATOR',
        now: new Date(),
      });
      if (!built.ok) throw new Error(built.problems.join(' '));
      const { ActivationId, ActivationCode } = await ssm.send(new CreateActivationCommand(built.request));
      const { commands } = ssmRegistrationScript({
        kubernetesVersion: '1.31',
        region: 'us-west-2',
        activationId: ActivationId ?? '',
        activationCode: ActivationCode ?? '',
      });
      const ran = await t.sim.control.runOnHost(name, commands.join('\n'));
      if (ran.exitCode !== 0 || !ran.managedInstanceId)
        throw new Error(`bootstrap of ${name} failed: ${ran.stderr}`);
    }
  } finally {
    ssm.destroy();
  }
  await t.command('hosts --cluster demo --refresh', { user: 'U0OPERATOR' });
  const inventory = new HostInventory(t.inspect);
  await until(
    `${names.length} hosts registered`,
    async () => {
      const hosts = await inventory.list('demo');
      return hosts.filter((h) => h.status === 'registered').length >= names.length;
    },
    { timeoutMs: 5 * 60_000, intervalMs: 200 },
  );
}

async function createPool(t: TestBot, run: { hosts: number; maxParallel: number }, names: string[]) {
  const pool = `bench-${run.hosts}-${run.maxParallel}`;
  t.slack.clear();
  // The form, as a user submits it with the hosts picked (searched by site past 100): the slash
  // command takes at most 1,000 characters, too few for hundreds of host names.
  const form = viewSubmission('U0OPERATOR', POOL_CREATE_VIEW, {
    [POOL_BLOCKS.cluster]: { selected: 'demo' },
    [POOL_BLOCKS.name]: pool,
    [POOL_BLOCKS.profile]: { selected: 'edge@1.0.0' },
    [POOL_BLOCKS.arch]: { selected: 'amd64' },
    [POOL_BLOCKS.maxParallel]: String(run.maxParallel),
  }) as { view: { state: { values: Record<string, unknown> } } };
  form.view.state.values[POOL_BLOCKS.hosts] = {
    [POOL_INPUT]: {
      type: names.length > 100 ? 'multi_external_select' : 'multi_static_select',
      selected_options: names.map((n) => ({ value: `demo/${n}` })),
    },
  };
  const asked = await t.interaction(form);
  if (asked.body) throw new Error(`the pool form answered: ${asked.body.slice(0, 1000)}`);
  // Planning reads every host: the request comes later than the harness's usual wait for it.
  await t.waitForCall(
    (c) => c.method === 'chat.postMessage' && said(c).includes(`Create pool ${pool}`),
    5 * 60_000,
  );
  t.sim.control.clearApiCalls();
  const request = await approveChange(t, `Create pool ${pool} (${run.hosts} hosts)`);
  // From the approval click: planning and the request message are not the join's time.
  const started = Date.now();
  const [approve] = buttonsIn(request.args) as { value: string }[];
  const { id } = JSON.parse(approve?.value ?? '{}') as { id: string };
  await until(`pool ${pool} to be created`, async () => (await changesOf(t).get(id))?.state === 'done', {
    timeoutMs: 60 * 60_000,
    intervalMs: 20,
  });
  const seconds = (Date.now() - started) / 1000;
  const calls = t.sim.control.apiCalls();
  const sum = (prefix: string) =>
    Object.entries(calls)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((n, [, v]) => n + v, 0);
  const ideal = (Math.ceil(run.hosts / run.maxParallel) * JOIN_MS) / 1000;
  const steps = await changesOf(t).steps(id);
  const failed = steps.filter((s) => s.state !== 'done');
  if (failed.length > 0)
    throw new Error(`${failed.length} steps not done: ${failed[0]?.key} ${failed[0]?.output}`);
  return {
    hosts: run.hosts,
    max_parallel: run.maxParallel,
    seconds: Number(seconds.toFixed(2)),
    ideal_seconds: ideal,
    overhead_ratio: Number((seconds / ideal).toFixed(3)),
    ssm_calls: sum('ssm:'),
    kube_calls: sum('kubernetes:'),
    ...(process.env.BENCH_TRACE ? { calls } : {}),
  };
}

async function main(): Promise<void> {
  const total = RUNS.reduce((n, r) => n + r.hosts, 0);
  const names = Array.from({ length: total }, (_, i) => hostName(i));
  const t = await startTestBot({
    scenario: scenario(total),
    // Polls scaled to T about as the defaults (1 s, 15 s) are to a real nodeadm install of minutes.
    file: hostsFile({ pools: { pollMinMs: 10, pollMaxMs: 100 } }),
    mode: 'web',
  });
  const workerLog: string[] = [];
  const worker = startWorkerProcess({ ...workerEnv(t.config, t.sim.awsEndpoint, 30) }, workerLog);
  try {
    await worker.started;
    await t.command('profile create edge --k8s 1.31 --version 1.0.0', { user: 'U0OPERATOR' });
    await t.waitForCall((c) => said(c).includes('edge@1.0.0* created'), 30_000);
    await registerAll(t, names);
    const results = [];
    let next = 0;
    for (const run of RUNS) {
      results.push(await createPool(t, run, names.slice(next, next + run.hosts)));
      next += run.hosts;
      console.log(JSON.stringify(results.at(-1)));
    }
  } catch (err) {
    console.error([...t.logLines.slice(-10), ...workerLog.slice(-20)].join('\n'));
    throw err;
  } finally {
    await worker.stop();
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
