import { buttonClick, buttonsIn, hostsFile } from '../../support/hosts-support';
import {
  approveChange,
  edgeHost,
  poolNodesOf,
  poolScenario,
  registerAtHost,
  text,
} from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

let t: TestBot;
const HOSTS = [1, 2, 3, 4].map(edgeHost);
const instances = new Map<string, string>();
const instanceOf = (host: string) => instances.get(host);

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(4, { nodeadmUpgradeMs: 300 } as never),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 20_000);
  }
  for (const [i, host] of HOSTS.entries())
    instances.set(host, await registerAtHost(t, host, `10.80.20.${i + 11}`));
  await t.command(
    `pool create tills --cluster demo --profile edge@1.0.0 --hosts ${HOSTS.join(',')} --labels example.com/tier=pos`,
    {
      user: 'U0OPERATOR',
    },
  );
  await approveChange(t, 'Create pool tills (4 hosts)');
  await t.waitForCall(
    (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Create pool tills'),
    90_000,
  );
}, 180_000);
afterAll(async () => {
  await t.stop();
});

const poolNodes = () => poolNodesOf(t, 'tills');

describe('/hybrid pool upgrade', () => {
  it("rolls 1.30 → 1.31 out two at a time; a failed upgrade pauses it with nodeadm's words: Skip node leaves one as it is, Retry after the fix completes another; the others end Ready at 1.31, labels kept, upgraded once", async () => {
    expect((await poolNodes()).every((n) => n.status.nodeInfo.kubeletVersion.startsWith('v1.30'))).toBe(true);
    t.sim.control.clearEffects();
    t.sim.control.setFault({ host: HOSTS[1] as string, nodeadm: 'upgrade', message: 'disk is read-only' });
    // Set now: the last node starts only after the first failure is dealt with, so it fails second.
    t.sim.control.setFault({
      host: HOSTS[3] as string,
      nodeadm: 'upgrade',
      message: 'containerd failed to restart',
    });
    t.slack.clear();
    await t.command('pool upgrade tills --cluster demo --profile edge@1.1.0 --max-unavailable 2', {
      user: 'U0OPERATOR',
    });
    const request = await approveChange(t, 'Roll edge@1.1.0 out to pool tills (4 nodes)');
    expect(text(request)).toContain('Kubernetes 1.30 → 1.31');
    expect(text(request)).toContain('2 nodes out at most at once');
    // The first failure: the node is skipped, left as it is.
    await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('disk is read-only'),
      240_000,
    );
    const first = await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('Skip node'),
      30_000,
    );
    const skip = buttonsIn(first.args).find((b) => (b as { action_id: string }).action_id === 'change_skip');
    t.slack.clear();
    await t.interaction(
      buttonClick('U0APPROVER', skip as never, {
        messageTs: '1700000001.000300',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    // The second: fixed, then retried.
    const paused = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('containerd failed to restart'),
      240_000,
    );
    expect(text(paused)).toContain('stays cordoned');
    const message = await t.waitForCall(
      // The message paused at this failure (an update still showing the skipped one may arrive first).
      (c) =>
        c.method === 'chat.update' &&
        text(c).includes('Resume') &&
        text(c).includes('containerd failed to restart'),
      30_000,
    );
    t.sim.control.clearFaults();
    const retry = buttonsIn(message.args).find(
      (b) => (b as { action_id: string }).action_id === 'change_retry',
    );
    await t.interaction(
      buttonClick('U0APPROVER', retry as never, {
        messageTs: '1700000001.000300',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Roll edge@1.1.0'),
      240_000,
    );
    const nodes = await poolNodes();
    expect(nodes).toHaveLength(4);
    const skipped = nodes.find((n) => n.metadata.name === instanceOf(HOSTS[1] as string));
    expect(skipped?.status.nodeInfo.kubeletVersion).toMatch(/^v1\.30/);
    expect(skipped?.spec.unschedulable).toBe(true);
    for (const node of nodes.filter((n) => n !== skipped)) {
      expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\.31/);
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(node.spec.unschedulable ?? false).toBe(false);
      expect(node.metadata.labels['example.com/tier']).toBe('pos');
    }
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    for (const host of HOSTS)
      expect(effects[host]?.['nodeadm upgrade']).toBe(host === HOSTS[1] ? undefined : 1);
    t.slack.clear();
    await t.command('pools --cluster demo');
    const list = await t.waitForCall((c) => c.kind === 'response_url', 20_000);
    expect(text(list)).toContain('edge@1.1.0');
    expect(text(list)).not.toContain('updates available');
    // The skipped node is drift: it runs 1.30 where the pool now wants 1.31.
    expect(text(list)).toContain('drift');
  }, 480_000);

  it('refuses a target newer than the control plane before anyone approves', async () => {
    await t.command('profile create edge --k8s 1.35 --version 2.0.0', { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes('edge@2.0.0* created'), 20_000);
    t.slack.clear();
    await t.command('pool upgrade tills --cluster demo --profile edge@2.0.0', { user: 'U0OPERATOR' });
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('cannot move'),
      20_000,
    );
    expect(text(reply)).toContain('newer than the control plane');
    // Nor is it offered as an update: the list says why it cannot be used.
    t.slack.clear();
    await t.command('pools --cluster demo');
    const list = await t.waitForCall((c) => c.kind === 'response_url', 20_000);
    expect(text(list)).toContain('no usable update: 2.0.0 needs Kubernetes 1.35; the control plane is 1.31');
    expect(text(list)).not.toContain('updates available');
  }, 60_000);

  it('refuses a Kubernetes downgrade in place, saying why and how else to get there', async () => {
    t.slack.clear();
    await t.command('pool upgrade tills --cluster demo --profile edge@1.0.0', { user: 'U0OPERATOR' });
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('cannot move'),
      20_000,
    );
    expect(text(reply)).toContain(
      'Kubernetes 1.31 → 1.30 is a downgrade: nodeadm and kubelet support upgrades only',
    );
    expect(text(reply)).toContain('Cut over instead (`--strategy cutover`');
  }, 60_000);

  it('says in the plan when the pool switches to a profile of another name', async () => {
    await t.command('profile create store-pos --k8s 1.31', { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes('store-pos@1.0.0* created'), 20_000);
    t.slack.clear();
    await t.command('pool upgrade tills --cluster demo --profile store-pos@1.0.0', { user: 'U0OPERATOR' });
    const request = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('Roll store-pos@1.0.0 out to pool tills'),
      20_000,
    );
    expect(text(request)).toContain('switches pool tills from edge to store-pos');
  }, 60_000);
});
