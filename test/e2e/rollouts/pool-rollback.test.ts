import { decodeSlackEntities } from '../../../sim/console/mrkdwn';
import { ChangeStore } from '../../../src/adapters/redis/change-store';
import { buttonClick, buttonsIn, hostsFile } from '../../support/hosts-support';
import {
  approveChange,
  edgeHost,
  poolNodesOf,
  poolScenario,
  publishProfileVersion,
  registerAtHost,
  text,
} from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

let t: TestBot;
const HOSTS = [1, 2, 3].map(edgeHost);

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(3, { nodeadmUpgradeMs: 200 } as never),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 20_000);
  }
  // 1.0.1: kubelet settings alone (maxPods), still Kubernetes 1.30, published through the profile form.
  await publishProfileVersion(t, {
    name: 'edge',
    version: '1.0.1',
    k8s: '1.30',
    kubelet: 'config:\n  maxPods: 150\n',
  });
  for (const [i, host] of HOSTS.entries()) await registerAtHost(t, host, `10.80.30.${i + 11}`);
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

const poolNodes = () => poolNodesOf(t, 'tills');

describe('Roll back a rollout', () => {
  it('of kubelet settings alone, after two nodes took them and the third failed, returns all three to the previous settings, the last one first, and the pool stays on edge@1.0.0', async () => {
    t.sim.control.clearEffects();
    t.sim.control.setFault({ host: HOSTS[2] as string, nodeadm: 'init', message: 'disk is read-only' });
    t.slack.clear();
    await t.command('pool upgrade tills --cluster demo --profile edge@1.0.1', { user: 'U0OPERATOR' });
    const request = await approveChange(t, 'Roll edge@1.0.1 out to pool tills (3 nodes)');
    expect(text(request)).toContain('the nodes already touched go back to edge@1.0.0, the last one first');
    const paused = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' && text(c).includes('Roll back') && text(c).includes('disk is read-only'),
      120_000,
    );
    t.sim.control.clearFaults();
    const rollBack = buttonsIn(paused.args).find(
      (b) => (b as { action_id: string }).action_id === 'change_roll_back',
    );
    expect(rollBack).toBeDefined();
    // Only approvers may roll back.
    await t.interaction(
      buttonClick('U0VIEWER', rollBack as never, { messageTs: '1', responseUrl: t.slack.responseUrl() }),
    );
    await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('approver'), 20_000);
    await t.interaction(
      buttonClick('U0APPROVER', rollBack as never, { messageTs: '1', responseUrl: t.slack.responseUrl() }),
    );
    const done = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('Rolled back'),
      180_000,
    );
    expect(text(done)).toContain('stays on edge@1.0.0; 3 node(s) back on it');
    for (const node of await poolNodes()) {
      expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\.30/);
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(node.spec.unschedulable ?? false).toBe(false);
    }
    // Forward and back for the two that took the settings; back only for the one whose init failed.
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    expect(HOSTS.map((h) => effects[h]?.['nodeadm init'])).toEqual([2, 2, 1]);
    expect(HOSTS.some((h) => effects[h]?.['nodeadm upgrade'])).toBe(false);
    // The last node touched went back first.
    const store = new ChangeStore(t.inspect);
    const change = (await store.list(5)).find((c) => c.title.startsWith('Roll edge@1.0.1'));
    expect(change?.state).toBe('rolled-back');
    const steps = await store.steps(change?.id ?? '');
    const backStart = (h: string) => steps.find((s) => s.key === `back.${h}.start`)?.startedAt ?? 0;
    expect(backStart(HOSTS[2] as string)).toBeLessThan(backStart(HOSTS[1] as string));
    expect(backStart(HOSTS[1] as string)).toBeLessThan(backStart(HOSTS[0] as string));
    t.slack.clear();
    await t.command('pools --cluster demo');
    const list = await t.waitForCall((c) => c.kind === 'response_url', 20_000);
    expect(text(list)).toContain('edge@1.0.0');
    expect(text(list)).toContain('no drift');
    expect(text(list)).toContain('updates available (1.1.0)');
  }, 420_000);

  it('is not offered when going back would lower the Kubernetes minor in place: the plan says why and the way out; Abort mid-way leaves every node as it is and says which runs what and which stays cordoned', async () => {
    t.sim.control.clearEffects();
    t.sim.control.setFault({ host: HOSTS[1] as string, nodeadm: 'upgrade', notReady: true } as never);
    t.slack.clear();
    await t.command('pool upgrade tills --cluster demo --profile edge@1.1.0', { user: 'U0OPERATOR' });
    const request = await approveChange(t, 'Roll edge@1.1.0 out to pool tills (3 nodes)');
    expect(text(request)).toContain(
      'No Roll back: going back from Kubernetes 1.31 to 1.30 would be a downgrade in place, and nodeadm and kubelet support upgrades only, so a node once upgraded stays at 1.31',
    );
    // As Slack shows it: the bot sends the placeholders escaped.
    expect(decodeSlackEntities(text(request))).toContain(
      '`/hybrid pool remove tills --cluster demo --hosts <host>`, `/hybrid host reissue <host>`',
    );
    const stuck = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        text(c).includes('Roll edge@1.1.0') &&
        text(c).includes('not Ready yet'),
      120_000,
    );
    const actions = buttonsIn(stuck.args).map((b) => (b as { action_id: string }).action_id);
    expect(actions).toContain('change_abort');
    expect(actions).not.toContain('change_roll_back');
    const abort = buttonsIn(stuck.args).find(
      (b) => (b as { action_id: string }).action_id === 'change_abort',
    );
    await t.interaction(
      buttonClick('U0APPROVER', abort as never, { messageTs: '1', responseUrl: t.slack.responseUrl() }),
    );
    const aborted = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('Aborted by'),
      60_000,
    );
    const [first, second, third] = HOSTS as [string, string, string];
    const nodes = await poolNodes();
    const byHost = new Map(nodes.map((n) => [n.metadata.name, n]));
    const store = new ChangeStore(t.inspect);
    const change = (await store.list(5)).find(
      (c) => c.title.startsWith('Roll edge@1.1.0') && c.state === 'aborted',
    );
    const planned = (change?.plan ?? { nodes: [] }) as { nodes: { host: string; nodeName: string }[] };
    const instanceOf = (host: string) => planned.nodes.find((n) => n.host === host)?.nodeName ?? '';
    expect(text(aborted)).toContain(`1 of 3 nodes run edge@1.1.0 (${first}); the rest stay on edge@1.0.0`);
    expect(text(aborted)).toContain(`Still cordoned: \`${instanceOf(second)}\``);
    expect(byHost.get(instanceOf(first))?.status.nodeInfo.kubeletVersion).toMatch(/^v1\.31/);
    expect(byHost.get(instanceOf(second))?.spec.unschedulable).toBe(true);
    const untouched = byHost.get(instanceOf(third));
    expect(untouched?.status.nodeInfo.kubeletVersion).toMatch(/^v1\.30/);
    expect(untouched?.spec.unschedulable ?? false).toBe(false);
    expect((t.sim.control.effects() as Record<string, Record<string, number>>)[third]).toBeUndefined();
    // The pool is free again: its version did not move.
    t.slack.clear();
    await t.command('pools --cluster demo');
    const list = await t.waitForCall((c) => c.kind === 'response_url', 20_000);
    expect(text(list)).toContain('edge@1.0.0');
    t.sim.control.clearFaults();
  }, 300_000);
});
