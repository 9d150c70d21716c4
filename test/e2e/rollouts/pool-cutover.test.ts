import { ChangeStore } from '../../../src/adapters/redis/change-store';
import { kubeGet, kubeRequest } from '../../sim/kube-reader';
import { buttonClick, buttonsIn, hostsFile } from '../../support/hosts-support';
import {
  approveChange,
  bootstrapAtHost,
  edgeHost,
  poolNodesOf,
  poolScenario,
  registerAtHost,
  text,
} from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

let t: TestBot;
const OLD = [1, 2].map(edgeHost);
const SPARES = [3, 4].map(edgeHost);
/** A spare registered at another site than the pool's hosts. */
const ELSEWHERE = edgeHost(5);
const instances = new Map<string, string>();

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(5),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 20_000);
  }
  for (const [i, host] of [...OLD, ...SPARES].entries())
    instances.set(host, await registerAtHost(t, host, `10.80.20.${i + 11}`));
  await t.command(`host register ${ELSEWHERE} --cluster demo --site plant-3 --ip 10.80.20.15`, {
    user: 'U0OPERATOR',
  });
  instances.set(ELSEWHERE, await bootstrapAtHost(t, ELSEWHERE));
  await t.command(
    `pool create tills --cluster demo --profile edge@1.0.0 --hosts ${OLD.join(',')} --labels example.com/tier=pos`,
    { user: 'U0OPERATOR' },
  );
  await approveChange(t, 'Create pool tills (2 hosts)');
  await t.waitForCall(
    (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Create pool tills'),
    90_000,
  );
}, 180_000);
afterAll(async () => {
  await t.stop();
});

const poolNodes = () => poolNodesOf(t, 'tills');
const appPods = async () =>
  (
    await kubeGet(
      t.sim,
      'demo',
      `/api/v1/namespaces/retail/pods?labelSelector=${encodeURIComponent('app.kubernetes.io/name=store-pos')}`,
    )
  ).items as { spec: { nodeName?: string }; status: { phase: string } }[];

describe('/hybrid pool upgrade --strategy cutover', () => {
  it('refuses, naming the count, when --hosts gives fewer spares than the pool has nodes', async () => {
    t.slack.clear();
    await t.command(
      `pool upgrade tills --cluster demo --profile edge@1.1.0 --strategy cutover --hosts ${SPARES[0]}`,
      { user: 'U0OPERATOR' },
    );
    const refused = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('nothing was changed'),
    );
    expect(text(refused)).toContain(
      "--hosts names 1 spare host; a cutover replaces each of the pool's 2 nodes",
    );
    expect(t.slack.calls().some((c) => c.method === 'chat.postMessage' && text(c).includes('Cut pool'))).toBe(
      false,
    );
  });

  it('takes a spare from another site only when named, pairs the rest within their site, and says so per pair', async () => {
    t.slack.clear();
    await t.command(
      `pool upgrade tills --cluster demo --profile edge@1.1.0 --strategy cutover --hosts ${ELSEWHERE},${SPARES[0]}`,
      { user: 'U0OPERATOR' },
    );
    const request = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' && c.args.channel === 'C0OPS' && text(c).includes('Cut pool tills'),
      30_000,
    );
    expect(text(request)).toContain(
      `${ELSEWHERE} (plant-3) replaces ${OLD[1]} (store-20): pods move between sites`,
    );
    expect(text(request)).not.toContain(`${SPARES[0]} (store-20) replaces`);
    expect(text(request)).toContain(
      `node ${instances.get(OLD[0] as string)} of host ${OLD[0]} (store-20) at 1.30`,
    );
    // Rejected: the pool is free for the cutover within its site.
    const reject = buttonsIn(request.args).find(
      (b) => (b as { action_id: string }).action_id === 'change_reject',
    );
    await t.interaction(
      buttonClick('U0APPROVER', reject as never, {
        messageTs: '1700000001.000700',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('Cut pool tills') && text(c).includes('Rejected'),
    );
  });

  it('joins a spare at 1.31 before each old node is drained, uninstalled and deleted; the app keeps running', async () => {
    // The sample app of the demo runs on the pool's nodes: the drains have pods to move.
    expect((await appPods()).filter((p) => p.status.phase === 'Running')).toHaveLength(3);
    t.sim.control.clearEffects();
    t.slack.clear();
    await t.command('pool upgrade tills --cluster demo --profile edge@1.1.0 --strategy cutover', {
      user: 'U0OPERATOR',
    });
    const request = await approveChange(t, 'Cut pool tills over to edge@1.1.0 (2 nodes replaced)');
    expect(text(request)).toContain(
      `node on host ${SPARES[0]} (store-20), SSM ${instances.get(SPARES[0] as string)}, at 1.31`,
    );
    expect(text(request)).toContain('each spare is from the site of the node it replaces');
    expect(text(request)).not.toContain(ELSEWHERE);
    expect(text(request)).toContain('never has fewer Ready nodes');
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Cut pool tills'),
      240_000,
    );

    const nodes = await poolNodes();
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(SPARES.map((h) => instances.get(h)).sort());
    for (const node of nodes) {
      expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\.31/);
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(node.metadata.labels['example.com/tier']).toBe('pos');
      expect(node.metadata.labels['hybrid-bot.io/site']).toBe('store-20');
    }
    for (const host of OLD) {
      await expect(kubeRequest(t.sim, 'demo', 'GET', `/api/v1/nodes/${instances.get(host)}`)).rejects.toThrow(
        /^404/,
      );
    }
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    for (const host of OLD) {
      expect(effects[host]?.['nodeadm uninstall']).toBe(1);
      expect(effects[host]?.['nodeadm upgrade']).toBeUndefined();
    }
    for (const host of SPARES) expect(effects[host]?.['nodeadm init']).toBe(1);

    // Each old node was drained only once its replacement was Ready, one pair after the other.
    const store = new ChangeStore(t.inspect);
    const change = (await store.list(5)).find((c) => c.title.startsWith('Cut pool tills'));
    const steps = await store.steps(change?.id ?? '');
    const at = (key: string, when: 'startedAt' | 'endedAt') =>
      steps.find((s) => s.key === key)?.[when] ?? NaN;
    for (const host of OLD)
      expect(at(`${host}.join.ready`, 'endedAt')).toBeLessThanOrEqual(at(`${host}.drain`, 'startedAt'));
    expect(at(`${OLD[0]}.release`, 'endedAt')).toBeLessThanOrEqual(at(`${OLD[1]}.start`, 'startedAt'));

    const pods = await appPods();
    expect(pods.filter((p) => p.status.phase === 'Running')).toHaveLength(3);
    const newNodes = new Set(nodes.map((n) => n.metadata.name));
    expect(pods.every((p) => newNodes.has(p.spec.nodeName ?? ''))).toBe(true);

    t.slack.clear();
    await t.command('pool show tills --cluster demo');
    const shown = await t.waitForCall((c) => c.kind === 'response_url', 20_000);
    expect(text(shown)).toContain('edge@1.1.0');
    for (const host of SPARES) expect(text(shown)).toContain(host);
    for (const host of OLD) expect(text(shown)).not.toContain(host);
  }, 300_000);
});
