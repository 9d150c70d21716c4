import { ListCommandsCommand } from '@aws-sdk/client-ssm';
import type { SlackCall } from '../../../sim/slack/fake-slack';
import {
  POOL_DEFINITION_ANNOTATION,
  POOL_PROFILE_ANNOTATION,
} from '../../../src/domain/pools/pool-annotations';
import { kubeGet } from '../../sim/kube-reader';
import { awsClients } from '../../sim/sim-helpers';
import { hostsFile } from '../../support/hosts-support';
import { approveChange, edgeHost, poolScenario, registerAtHost, text } from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { until } from '../../support/until';

let t: TestBot;
const HOSTS = [1, 2, 3].map(edgeHost);

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(3, { nodeadmInstallMs: 100, nodeadmInitMs: 100 } as never),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  await t.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 20_000);
  for (const [i, host] of HOSTS.entries()) await registerAtHost(t, host, `10.80.20.${i + 11}`);
}, 120_000);
afterAll(async () => {
  await t.stop();
});

async function ask(command: string, user = 'U0VIEWER'): Promise<string> {
  const from = t.slack.calls().length;
  expect((await t.command(command, { user })).status).toBe(200);
  const reply = await t.waitForCall(
    (c: SlackCall) => c.kind === 'response_url' && t.slack.calls().indexOf(c) >= from,
    20_000,
  );
  return text(reply);
}

describe('a pool made by pool create survives a wiped Redis', () => {
  it('writes the pool on its nodes, and shows each host joined by the change', async () => {
    // The inventory learns of each registration from its watcher first.
    for (const host of HOSTS) {
      await t.waitForCall((c) => text(c).includes(`Host *${host}* registered as`), 30_000);
    }
    await t.command(
      `pool create tills --cluster demo --profile edge-standard --hosts ${HOSTS.join(',')} --labels example.com/tier=pos --taints example.com/dedicated=pos:NoSchedule`,
      { user: 'U0OPERATOR' },
    );
    await approveChange(t, 'Create pool tills (3 hosts)');
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('tills'),
      90_000,
    );
    const nodes = (
      await kubeGet(
        t.sim,
        'demo',
        `/api/v1/nodes?labelSelector=${encodeURIComponent('hybrid-bot.io/pool=tills')}`,
      )
    ).items as { metadata: { annotations: Record<string, string> } }[];
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      expect(node.metadata.annotations[POOL_PROFILE_ANNOTATION]).toBe('edge-standard@1.0.0');
      expect(JSON.parse(node.metadata.annotations[POOL_DEFINITION_ANNOTATION] ?? '{}').taints).toEqual([
        'example.com/dedicated=pos:NoSchedule',
      ]);
    }
    const show = await ask('pool show tills');
    expect(show).toContain('labels match · taints match · last change');
    expect(show).toMatch(/joined by change [^"]+/);
    expect(await ask('pools')).toContain(
      '*tills* · demo · edge-standard@1.0.0 · 3 hosts · nodes 3/3 Ready · no drift',
    );
  }, 120_000);

  it('keeps the definition on the nodes in step when the pool is relabelled', async () => {
    await t.command('pool label tills --cluster demo --labels example.com/tier=kiosk', {
      user: 'U0OPERATOR',
    });
    await approveChange(t, 'Relabel pool tills (3 nodes)');
    // Each node is patched through the Kubernetes API first (the NodeConfig rewrite on the host follows,
    // and how it ends does not matter here).
    let show = '';
    await until(
      'all 3 nodes of tills relabelled',
      async () => {
        show = await ask('pool show tills');
        return (show.match(/labels and taints set by change/g) ?? []).length === 3;
      },
      60_000,
    );
    expect(show).toContain('labels: example.com/tier=kiosk');
    expect(show).toContain('labels match · taints match');
    // The NodeConfig rewritten on each host keeps the host's site for the node's next registration.
    const { ssm } = awsClients(t.sim.awsEndpoint);
    const rewrites = async () =>
      ((await ssm.send(new ListCommandsCommand({}))).Commands ?? [])
        .map((c) => c.Parameters?.commands?.join('\n') ?? '')
        .filter((script) => script.includes('--node-labels=example.com/tier=kiosk'));
    await until('3 NodeConfig rewrites', async () => (await rewrites()).length === 3, 60_000);
    for (const script of await rewrites())
      expect(script).toMatch(/--node-labels=.*hybrid-bot\.io\/site=store-20/);
  }, 120_000);

  it('comes back with its hosts, profile, labels and taints after Redis is flushed', async () => {
    await t.inspect.flushall();
    expect(await ask('pools')).toContain('No pools yet');
    await ask('hosts --refresh --cluster demo', 'U0OPERATOR');
    await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('was rebuilt from its nodes'),
      20_000,
    );
    const list = await ask('pools');
    expect(list).toContain('*tills* · demo · edge-standard@1.0.0 · 3 hosts · nodes 3/3 Ready · no drift');
    const show = await ask('pool show tills');
    // As last relabelled: the nodes' annotation was kept in step with the change.
    expect(show).toContain('labels: example.com/tier=kiosk · taints: example.com/dedicated=pos:NoSchedule');
    expect(show).toContain('rebuilt from the cluster');
    expect(show).toContain('labels match · taints match');
  }, 60_000);
});
