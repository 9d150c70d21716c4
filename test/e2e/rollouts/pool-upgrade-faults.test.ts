import type { ScenarioInput } from '../../../sim/scenario/schema';
import { kubeGet, kubeRequest } from '../../sim/kube-reader';
import { buttonClick, buttonsIn, hostsFile } from '../../support/hosts-support';
import { approveChange, edgeHost, poolScenario, registerAtHost, text } from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

let t: TestBot;
const HOSTS = [1, 2, 3].map(edgeHost);
const instances: string[] = [];
// The bot's clock, moved by the test to open the window and to reach the Ready timeout.
const clock = { offset: 0, now: () => Date.now() + clock.offset };
const MINUTE = 60_000;

/** One replica of an app on the hybrid nodes: wherever it lands, a drain has to move it. */
function withApp(scenario: ScenarioInput): ScenarioInput {
  return {
    ...scenario,
    clusters: scenario.clusters?.map((c) =>
      c.name === 'demo'
        ? { ...c, apps: [{ name: 'till-db', replicas: 1, placement: 'hybrid' as const }] }
        : c,
    ),
  } as ScenarioInput;
}

beforeAll(async () => {
  t = await startTestBot({
    scenario: withApp(poolScenario(3, { nodeadmUpgradeMs: 200 } as never)),
    file: hostsFile({
      pools: { pollMinMs: 50, pollMaxMs: 250 },
      // The running Cilium (1.17) is declared to support up to 1.31 only.
      cilium: { kubernetesVersions: { '1.17': ['1.29', '1.30', '1.31'] } },
    }),
    clock,
  });
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
    ['3.0.0', '1.32'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 20_000);
  }
  for (const [i, host] of HOSTS.entries())
    instances.push(await registerAtHost(t, host, `10.80.40.${i + 11}`));
  await t.command(`pool create tills --cluster demo --profile edge@1.0.0 --hosts ${HOSTS.join(',')}`, {
    user: 'U0OPERATOR',
  });
  await approveChange(t, 'Create pool tills (3 hosts)');
  await t.waitForCall(
    (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Create pool tills'),
    90_000,
  );
}, 180_000);
afterAll(async () => {
  await t.stop();
});

interface NodeJson {
  metadata: { name: string };
  spec: { unschedulable?: boolean };
  status: { nodeInfo: { kubeletVersion: string }; conditions: { type: string; status: string }[] };
}
const nodeNamed = async (name: string) => (await kubeGet(t.sim, 'demo', `/api/v1/nodes/${name}`)) as NodeJson;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const pressButton = async (call: { args: Record<string, unknown> }, actionId: string) => {
  const button = buttonsIn(call.args).find((b) => (b as { action_id: string }).action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button`);
  await t.interaction(
    buttonClick('U0APPROVER', button as never, { messageTs: '1', responseUrl: t.slack.responseUrl() }),
  );
};
/** The rollout's message once it says all of `includes`; on a timeout, what it said last. */
const latestUpdate = (includes: string[], timeoutMs: number) =>
  t
    .waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        text(c).includes('Roll edge@1.1.0') &&
        includes.every((s) => text(c).includes(s)),
      timeoutMs,
    )
    .catch(() => {
      const last = t.slack
        .calls()
        .filter((c) => c.method === 'chat.update' && text(c).includes('Roll edge@1.1.0'))
        .at(-1);
      throw new Error(
        `the rollout never said ${includes.join(' + ')}; last: ${last ? text(last) : 'nothing'}`,
      );
    });

describe('a rollout that meets trouble', () => {
  it('refuses a target the running Cilium does not support, pointing at the CNI layer', async () => {
    t.slack.clear();
    await t.command('pool upgrade tills --cluster demo --profile edge@3.0.0', { user: 'U0OPERATOR' });
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('cannot move'),
      20_000,
    );
    expect(text(reply)).toContain('Cilium 1.17 does not support Kubernetes 1.32');
    expect(text(reply)).toContain('/hybrid cni set demo');
  });

  it('waits for its window; a node that does not come back Ready pauses it with the others untouched; a budget that blocks is tried again for a while, then pauses it naming the pod; each resumes once fixed', async () => {
    const opens = clock.now() + 2 * 60 * MINUTE;
    const window = `${hhmm(opens)}-${hhmm(opens + 2 * 60 * MINUTE)}`;
    t.slack.clear();
    await t.command(`pool upgrade tills --cluster demo --profile edge@1.1.0 --window ${window}`, {
      user: 'U0OPERATOR',
    });
    await approveChange(t, 'Roll edge@1.1.0 out to pool tills (3 nodes)');
    await latestUpdate(['outside the window'], 60_000);
    for (const name of instances) expect((await nodeNamed(name)).spec.unschedulable ?? false).toBe(false);

    // Meanwhile a team gives its app a budget that allows no disruption ...
    const budgetPath = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
    await kubeRequest(t.sim, 'demo', 'POST', budgetPath, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'till-db', namespace: 'default' },
      spec: { maxUnavailable: 0, selector: { matchLabels: { 'app.kubernetes.io/name': 'till-db' } } },
    });
    const pods = (await kubeGet(t.sim, 'demo', '/api/v1/namespaces/default/pods')).items as {
      metadata: { name: string; labels?: Record<string, string> };
      spec: { nodeName?: string };
    }[];
    const pod = pods.find((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'till-db');
    expect(instances).toContain(pod?.spec.nodeName);
    // ... and the first node's upgrade will leave it NotReady.
    t.sim.control.setFault({ host: HOSTS[0] as string, nodeadm: 'upgrade', notReady: true } as never);

    let budgetSeen = false;
    let budgetHeld = false;
    // A refused eviction is tried again for pools.drainBlockedMinutes (5), the message saying so; then the change pauses.
    const outlastBudget = async () => {
      budgetHeld = true;
      clock.offset += 6 * MINUTE;
      return latestUpdate(['PodDisruptionBudgets keep', 'Resume'], 120_000);
    };
    // The budget pauses the drain of whichever node holds the pod; relaxed through the Kubernetes API, it resumes.
    const budgetPause = async (paused: { args: Record<string, unknown> }) => {
      expect(text(paused)).toContain(`default/${pod?.metadata.name}`);
      const budget = await kubeGet(t.sim, 'demo', `${budgetPath}/till-db`);
      await kubeRequest(t.sim, 'demo', 'PUT', `${budgetPath}/till-db`, {
        ...budget,
        spec: { ...budget.spec, maxUnavailable: 1 },
      });
      budgetSeen = true;
      // Forget what was said so far: the waits below look at what comes after the resume.
      t.slack.clear();
      await pressButton(paused, 'change_retry');
    };
    clock.offset += 2 * 60 * MINUTE + 5 * MINUTE;
    let next = await latestUpdate([], 120_000);
    for (let i = 0; i < 3 && !text(next).includes('not Ready yet'); i++) {
      next = await t.waitForCall(
        (c) =>
          c.method === 'chat.update' &&
          text(c).includes('Roll edge@1.1.0') &&
          (text(c).includes('not Ready yet') ||
            text(c).includes('PodDisruptionBudgets hold') ||
            (text(c).includes('PodDisruptionBudgets keep') && text(c).includes('Resume'))),
        120_000,
      );
      if (text(next).includes('PodDisruptionBudgets hold')) next = await outlastBudget();
      if (!text(next).includes('not Ready yet')) await budgetPause(next);
    }
    clock.offset += 11 * MINUTE;
    const notReady = await latestUpdate(['did not come back Ready at 1.31', 'Resume'], 120_000);
    // The failure stayed on its node: the others were not touched.
    for (const name of instances.slice(1)) {
      const node = await nodeNamed(name);
      expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\.30/);
      expect(node.spec.unschedulable ?? false).toBe(false);
    }
    t.sim.control.clearFaults();
    t.slack.clear();
    await pressButton(notReady, 'change_retry');
    if (!budgetSeen) {
      await latestUpdate(['PodDisruptionBudgets hold'], 120_000);
      await budgetPause(await outlastBudget());
    }
    expect(budgetHeld).toBe(true);
    expect(budgetSeen).toBe(true);
    await latestUpdate(['*Done*'], 180_000);
    for (const name of instances) {
      const node = await nodeNamed(name);
      expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\.31/);
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(node.spec.unschedulable ?? false).toBe(false);
    }
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    expect(HOSTS.map((h) => effects[h]?.['nodeadm upgrade'])).toEqual([1, 1, 1]);
  }, 480_000);
});
