import {
  allChangesDone,
  changeCrashes,
  changesOf,
  startCrashWorld,
  stopCrashWorld,
} from '../support/change-crashes';
import {
  approveChange,
  edgeHost,
  poolNodesOf,
  poolScenario,
  registerAtHost,
  text,
} from '../support/pool-support';
import type { TestBot } from '../support/test-bot';
import type { startWorkerFleet } from '../support/worker-process';

// The bot's web side runs here; its jobs run in real `hybrid-bot worker` processes that the test
// kills with -9 at random points of a cutover of 4 nodes to 4 spare hosts, starting a new one each
// time. Every spare must join exactly once and every old host be uninstalled exactly once.
const NODES = 4;
const KILLS_WANTED = 10;
const LOCK_SECONDS = 2;

let t: TestBot;
let workers: Awaited<ReturnType<typeof startWorkerFleet>>;

beforeAll(async () => {
  ({ t, workers } = await startCrashWorld(
    poolScenario(NODES * 2, {
      nodeadmInstallMs: 300,
      nodeadmInitMs: 300,
      nodeadmUninstallMs: 300,
    } as never),
    LOCK_SECONDS,
  ));
}, 90_000);

afterAll(() => stopCrashWorld(t, workers));

const { approveRequest, killDuring, until } = changeCrashes(
  () => t,
  () => workers,
);

const poolNodes = () => poolNodesOf(t, 'tills');

it(`a cutover of ${NODES} nodes survives ${KILLS_WANTED}+ kill -9s of its worker: each spare joins once, each old host leaves once`, async () => {
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 30_000);
  }
  const old = Array.from({ length: NODES }, (_, i) => edgeHost(i + 1));
  const spares = Array.from({ length: NODES }, (_, i) => edgeHost(NODES + i + 1));
  const instances = new Map<string, string>();
  for (const [i, name] of [...old, ...spares].entries())
    instances.set(name, await registerAtHost(t, name, `10.80.20.${i + 11}`));
  await t.command(`pool create tills --cluster demo --profile edge@1.0.0 --hosts ${old.join(',')}`, {
    user: 'U0OPERATOR',
  });
  await approveChange(t, `Create pool tills (${NODES} hosts)`);
  await until(
    'the pool change to end',
    async () => {
      return (await poolNodes()).length === NODES && (await allChangesDone(t)) ? true : undefined;
    },
    180_000,
  );
  t.sim.control.clearEffects();
  t.slack.clear();

  await t.command('pool upgrade tills --cluster demo --profile edge@1.1.0 --strategy cutover', {
    user: 'U0OPERATOR',
  });
  const id = await approveRequest('Cut pool tills over to edge@1.1.0');

  const { kills, killedAt } = await killDuring(id, {
    kills: KILLS_WANTED + 2,
    maxDelayMs: 300,
    endWithinMs: 300_000,
  });

  const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
  const count = (host: string, verb: string) => effects[host]?.[verb] ?? 0;
  const report = {
    kills,
    killedAt,
    spares: spares.map((h) => [count(h, 'nodeadm install'), count(h, 'nodeadm init')]),
    old: old.map((h) => count(h, 'nodeadm uninstall')),
  };
  process.stdout.write(`cutover crash test: ${JSON.stringify(report)}\n`);
  for (const host of spares) {
    expect(count(host, 'nodeadm install')).toBe(1);
    expect(count(host, 'nodeadm init')).toBe(1);
  }
  for (const host of old) expect(count(host, 'nodeadm uninstall')).toBe(1);
  const nodes = await poolNodes();
  expect(nodes.map((n) => n.metadata.name).sort()).toEqual(spares.map((h) => instances.get(h)).sort());
  for (const node of nodes) expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\.31/);
  const steps = await changesOf(t).steps(id);
  expect(steps.filter((s) => s.state === 'skipped')).toEqual([]);
  expect(kills).toBeGreaterThanOrEqual(KILLS_WANTED);
}, 900_000);
