import { DescribeAddonCommand } from '@aws-sdk/client-eks';
import { type Json, kubeGet } from '../../sim/kube-reader';
import { awsClients } from '../../sim/sim-helpers';
import { hostsFile } from '../../support/hosts-support';
import { approveChange, edgeHost, poolScenario, registerAtHost, text } from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

let t: TestBot;
const instances = new Map<string, string>();

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(4, { nodeadmInstallMs: 100, nodeadmInitMs: 100 } as never),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  await t.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 20_000);
  for (let n = 1; n <= 4; n++)
    instances.set(edgeHost(n), await registerAtHost(t, edgeHost(n), `10.80.20.${n + 10}`));
}, 120_000);
afterAll(async () => {
  await t.stop();
});

/** The coredns pods Running, by the kind of node they run on. */
async function corednsPlacement(): Promise<{ hybrid: string[]; cloud: string[] }> {
  const nodes = (await kubeGet(t.sim, 'demo', '/api/v1/nodes')).items as Json[];
  const hybrid = new Set(
    nodes
      .filter((n) => n.metadata.labels['eks.amazonaws.com/compute-type'] === 'hybrid')
      .map((n) => n.metadata.name as string),
  );
  const pods = (
    await kubeGet(
      t.sim,
      'demo',
      `/api/v1/namespaces/kube-system/pods?labelSelector=${encodeURIComponent('k8s-app=kube-dns')}`,
    )
  ).items as Json[];
  const running = pods.filter((p) => p.status.phase === 'Running').map((p) => p.spec.nodeName as string);
  return { hybrid: running.filter((n) => hybrid.has(n)), cloud: running.filter((n) => !hybrid.has(n)) };
}

describe('CoreDNS replicas on hybrid nodes, kept by the pool change that brings them', () => {
  it('plans the replicaCount, raises it after the nodes are Ready, and two replicas run on the new nodes', async () => {
    expect(await corednsPlacement()).toEqual({ hybrid: [], cloud: [expect.any(String), expect.any(String)] });
    const hosts = [1, 2].map(edgeHost);
    await t.command(`pool create tills --cluster demo --profile edge-standard --hosts ${hosts.join(',')}`, {
      user: 'U0OPERATOR',
    });
    const request = await approveChange(t, 'Create pool tills (2 hosts)');
    expect(text(request)).toContain(
      "CoreDNS: 0 of 2 replicas on hybrid nodes; AWS advises replicas on both cloud and hybrid nodes: the coredns add-on's replicaCount goes 2 → 4 (UpdateAddon, its other values kept)",
    );
    const done = await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('tills'),
      90_000,
    );
    // The closing step is not one of the hosts.
    expect(text(done)).toContain('2/2 hosts');
    expect(text(done)).toContain('2 done (hosts)');

    const placed = await corednsPlacement();
    expect(placed.hybrid.sort()).toEqual(hosts.map((h) => instances.get(h)).sort());
    expect(placed.cloud).toHaveLength(2);
    const { eks } = awsClients(t.sim.awsEndpoint);
    const { addon } = await eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'coredns' }));
    expect(JSON.parse(addon?.configurationValues ?? '{}')).toEqual({ replicaCount: 4 });
  }, 150_000);

  it('plans no CoreDNS step for a second pool: enough replicas already run on hybrid nodes', async () => {
    t.slack.clear();
    const hosts = [3, 4].map(edgeHost);
    await t.command(`pool create kiosks --cluster demo --profile edge-standard --hosts ${hosts.join(',')}`, {
      user: 'U0OPERATOR',
    });
    const request = await approveChange(t, 'Create pool kiosks (2 hosts)');
    expect(text(request)).not.toContain('CoreDNS');
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('kiosks'),
      90_000,
    );
    const placed = await corednsPlacement();
    expect(placed.hybrid).toHaveLength(2);
    expect(placed.cloud).toHaveLength(2);
  }, 150_000);
});
