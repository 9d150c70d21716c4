import { DescribeActivationsCommand, ListCommandsCommand } from '@aws-sdk/client-ssm';
import { kubeRequest } from '../sim/kube-reader';
import { awsClients } from '../sim/sim-helpers';
import {
  allChangesDone,
  changeCrashes,
  changesOf,
  startCrashWorld,
  stopCrashWorld,
} from '../support/change-crashes';
import { buttonClick, buttonsIn } from '../support/hosts-support';
import {
  approveChange,
  bootstrapScript,
  edgeHost,
  poolNodesOf,
  poolScenario,
  registerAtHost,
  text,
} from '../support/pool-support';
import type { TestBot } from '../support/test-bot';
import { until as untilShared } from '../support/until';
import type { startWorkerFleet } from '../support/worker-process';

// The bot's web side runs here; its jobs run in real `hybrid-bot worker` processes that the test
// kills with -9 at random points spread over a re-image of 4 nodes, starting a new one each time.
// A site operator answers the bot's direct messages meanwhile: re-images each host and runs its
// new bootstrap once. Every host must leave once, get one activation, register once and join once.
const NODES = 4;
const KILLS_WANTED = 10;
const LOCK_SECONDS = 2;
const REQUESTER = 'U0OPERATOR';
const IMAGE = 'edge-os-24.04-v7';

let t: TestBot;
let workers: Awaited<ReturnType<typeof startWorkerFleet>>;

beforeAll(async () => {
  ({ t, workers } = await startCrashWorld(
    poolScenario(NODES, {
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

type Call = ReturnType<TestBot['slack']['calls']>[number];

/** A direct message to the requester whose text names `what` (e.g. `Re-image <host>`). */
const dmsAbout = (what: string): Call[] =>
  t.slack
    .calls()
    .filter(
      (c) =>
        c.status === 200 &&
        c.method === 'chat.postMessage' &&
        c.args.channel === REQUESTER &&
        text(c).includes(what),
    );

const secretOf = (script: string) => ({
  activationId: /-id "([^"]+)"/.exec(script)?.[1] ?? '',
  activationCode: /-code "([^"]+)"/.exec(script)?.[1] ?? '',
});

/**
 * The person at the site, in the background: once both the instructions and the bootstrap of a
 * host have reached them, they re-image it, run that bootstrap and press Done, once per host.
 */
function siteOperator(hosts: readonly string[]) {
  const registeredAs = new Map<string, string>();
  const ranWith = new Map<string, string>();
  let stopped = false;
  let failure: (e: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    failure = reject;
  });
  failed.catch(() => undefined);
  const look = async () => {
    for (const host of hosts) {
      if (registeredAs.has(host)) continue;
      const [instructions] = dmsAbout(`Re-image ${host}`);
      const [bootstrap] = dmsAbout(`Bootstrap ${host}`);
      if (!instructions || !bootstrap) continue;
      const script = bootstrapScript(bootstrap);
      t.sim.control.reimageHost(host, { os: 'ubuntu-24.04' });
      const ran = await t.sim.control.runOnHost(host, script);
      if (ran.exitCode !== 0 || !ran.managedInstanceId) {
        throw new Error(`bootstrap of ${host} failed (${ran.exitCode}): ${ran.stderr}`);
      }
      registeredAs.set(host, ran.managedInstanceId);
      ranWith.set(host, secretOf(script).activationId);
      const [done] = buttonsIn(instructions.args);
      await t.interaction(buttonClick(REQUESTER, done as never, { responseUrl: t.slack.responseUrl() }));
    }
  };
  // Answers until stopped; the test's own timeout bounds it.
  const loop = untilShared(
    'the watcher to be stopped',
    async () => {
      if (stopped) return true;
      await look();
      return false;
    },
    { timeoutMs: 900_000, intervalMs: 50 },
  ).catch(failure);
  return {
    registeredAs,
    ranWith,
    failed,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

it(`a re-image of ${NODES} nodes survives ${KILLS_WANTED}+ kill -9s of its worker: each host leaves, gets one activation, registers and joins once`, async () => {
  const started = Date.now();
  await t.command('profile create edge --k8s 1.31 --version 1.0.0', { user: REQUESTER });
  await t.waitForCall((c) => text(c).includes('edge@1.0.0* created'), 30_000);
  await t.command(`profile create edge --k8s 1.31 --version 2.0.0 --os appliance --image ${IMAGE}`, {
    user: REQUESTER,
  });
  await t.waitForCall((c) => text(c).includes('edge@2.0.0* created'), 30_000);
  const hosts = Array.from({ length: NODES }, (_, i) => edgeHost(i + 1));
  const first = new Map<string, string>();
  for (const [i, host] of hosts.entries())
    first.set(host, await registerAtHost(t, host, `10.80.20.${i + 11}`));
  await t.command(
    `pool create tills --cluster demo --profile edge@1.0.0 --hosts ${hosts.join(',')} --labels example.com/tier=pos`,
    { user: REQUESTER },
  );
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

  await t.command('pool upgrade tills --cluster demo --profile edge@2.0.0 --max-unavailable 2', {
    user: REQUESTER,
  });
  const operator = siteOperator(hosts);
  const id = await approveRequest(`Re-image pool tills for edge@2.0.0 (${NODES} nodes)`);

  const { kills, killedAt } = await Promise.race([
    killDuring(id, { kills: KILLS_WANTED + 2, maxDelayMs: 300, endWithinMs: 300_000, spread: true }),
    operator.failed,
  ]);
  await operator.stop();

  const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
  const count = (subject: string, verb: string) => effects[subject]?.[verb] ?? 0;
  const bootstraps = new Map(hosts.map((h) => [h, dmsAbout(`Bootstrap ${h}`)]));
  const sentIds = (host: string) => [
    ...new Set((bootstraps.get(host) ?? []).map((c) => secretOf(bootstrapScript(c)).activationId)),
  ];
  const report = {
    kills,
    killedAt: killedAt.slice(0, 12),
    seconds: Math.round((Date.now() - started) / 1000),
    hosts: Object.fromEntries(
      hosts.map((h) => [
        h,
        {
          uninstall: count(h, 'nodeadm uninstall'),
          register: count(h, 'ssm-agent register'),
          init: count(h, 'nodeadm init'),
          activations: count(h, 'CreateActivation'),
          deleted: count(h, 'DeleteActivation'),
          bootstrapDms: bootstraps.get(h)?.length ?? 0,
          instructionDms: dmsAbout(`Re-image ${h}`).length,
        },
      ]),
    ),
  };
  process.stdout.write(`re-image crash test: ${JSON.stringify(report)}\n`);

  for (const host of hosts) {
    expect(count(host, 'nodeadm uninstall')).toBe(1);
    expect(count(host, 'ssm-agent register')).toBe(1);
    expect(count(host, 'nodeadm init')).toBe(1);
    // The site's bootstrap installs nodeadm once, the join step once more; each Run Command went once.
    expect(count(host, 'nodeadm install')).toBe(2);
    const runCommands = Object.entries(effects[host] ?? {}).filter(([verb]) =>
      verb.startsWith('SendCommand'),
    );
    expect(runCommands.map(([, n]) => n)).toEqual([1, 1, 1, 1]);
    // One activation left per host: a second one only replaces one whose code nobody ever received.
    expect(count(host, 'CreateActivation') - count(host, 'DeleteActivation')).toBe(1);
    // However often its bootstrap went out, it carried one activation: the one the host registered with.
    expect(sentIds(host)).toEqual([operator.ranWith.get(host)]);
    for (const instructions of dmsAbout(`Re-image ${host}`)) expect(text(instructions)).toContain(IMAGE);
    const old = `demo/${first.get(host)}`;
    expect(count(old, 'cordoned')).toBe(1);
    expect(count(old, 'node deleted')).toBe(1);
    await expect(kubeRequest(t.sim, 'demo', 'GET', `/api/v1/nodes/${first.get(host)}`)).rejects.toThrow(
      /^404/,
    );
  }

  const nodes = await poolNodes();
  expect(nodes.map((n) => n.metadata.name).sort()).toEqual(
    hosts.map((h) => operator.registeredAs.get(h)).sort(),
  );
  for (const host of hosts) expect(operator.registeredAs.get(host)).not.toBe(first.get(host));
  for (const node of nodes) {
    expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(node.metadata.labels['example.com/tier']).toBe('pos');
    expect(node.spec.unschedulable ?? false).toBe(false);
    expect(count(`demo/${node.metadata.name}`, 'node deleted')).toBe(0);
  }

  const { ssm } = awsClients(t.sim.awsEndpoint);
  for (const host of hosts) {
    const listed = await ssm.send(
      new DescribeActivationsCommand({
        Filters: [{ FilterKey: 'ActivationIds', FilterValues: [operator.ranWith.get(host) ?? ''] }],
      }),
    );
    expect(listed.ActivationList?.map((a) => a.RegistrationsCount)).toEqual([1]);
  }

  // The new activation codes went to the requester's direct messages only: not to a channel, nor to SSM.
  const codes = hosts.flatMap((h) =>
    (bootstraps.get(h) ?? []).map((c) => secretOf(bootstrapScript(c)).activationCode),
  );
  expect(codes.length).toBeGreaterThanOrEqual(NODES);
  const channelPosts = t.slack
    .calls()
    .filter((c) => String(c.args.channel ?? '').startsWith('C'))
    .map(text)
    .join('\n');
  const commands: unknown[] = [];
  let next: string | undefined;
  do {
    const page = await ssm.send(new ListCommandsCommand({ ...(next ? { NextToken: next } : {}) }));
    commands.push(...(page.Commands ?? []));
    next = page.NextToken;
  } while (next);
  const sent = JSON.stringify(commands);
  for (const code of codes) {
    expect(code).not.toBe('');
    expect(channelPosts).not.toContain(code);
    expect(sent).not.toContain(code);
  }

  const steps = await changesOf(t).steps(id);
  expect(steps.filter((s) => s.state !== 'done')).toEqual([]);
  expect(kills).toBeGreaterThanOrEqual(KILLS_WANTED);
}, 900_000);
