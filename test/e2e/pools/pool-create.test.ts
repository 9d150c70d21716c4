import { ListCommandsCommand } from '@aws-sdk/client-ssm';
import { kubeGet } from '../../sim/kube-reader';
import { awsClients } from '../../sim/sim-helpers';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { hostsFile } from '../hosts-support';
import { approveChange, edgeHost, poolScenario, registerAtHost, text } from './pool-support';

let t: TestBot;
const instances = new Map<string, string>();

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(6, { nodeadmInstallMs: 200, nodeadmInitMs: 200 } as never),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  await t.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 20_000);
  for (let n = 1; n <= 6; n++)
    instances.set(edgeHost(n), await registerAtHost(t, edgeHost(n), `10.80.20.${n + 10}`));
}, 120_000);
afterAll(async () => {
  await t.stop();
});

const poolNodes = async (pool: string) =>
  (
    await kubeGet(
      t.sim,
      'demo',
      `/api/v1/nodes?labelSelector=${encodeURIComponent(`hybrid-bot.io/pool=${pool}`)}`,
    )
  ).items as {
    metadata: { name: string; labels: Record<string, string> };
    spec: { taints?: { key: string; value?: string; effect: string }[] };
    status: { conditions: { type: string; status: string }[] };
  }[];

describe('/hybrid pool create', () => {
  it('registration alone joins nothing: the hosts are SSM managed instances, not nodes', async () => {
    expect(await poolNodes('tills')).toEqual([]);
    const nodes = t.sim.control.state().nodes.map((n: { name: string }) => n.name);
    for (const id of instances.values()) expect(nodes).not.toContain(id);
  });

  it('names every problem before any plan, and changes nothing', async () => {
    t.slack.clear();
    await t.command(
      'pool create Tills --cluster demo --profile edge-standard --hosts store20-edge-01,nowhere-01 --labels kubernetes.io/role=pos --taints dedicated=pos:Sometimes',
      { user: 'U0OPERATOR' },
    );
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('cannot be made'),
      20_000,
    );
    for (const problem of [
      'Pool name "Tills" is invalid',
      'nowhere-01 is not registered',
      'kubernetes.io/role',
      'Sometimes',
    ]) {
      expect(text(reply)).toContain(problem);
    }
    expect(await t.inspect.keys('{hb}:change:*')).toEqual([]);
  });

  it('joins 4 hosts after a second person approves: Ready nodes with the labels and the taint, each host once', async () => {
    t.slack.clear();
    t.sim.control.clearEffects();
    const hosts = [1, 2, 3, 4].map(edgeHost);
    await t.command(
      `pool create tills --cluster demo --profile edge-standard --hosts ${hosts.join(',')} --labels example.com/tier=pos --taints example.com/dedicated=pos:NoSchedule --max-parallel 2`,
      { user: 'U0OPERATOR' },
    );
    const request = await approveChange(t, 'Create pool tills (4 hosts)');
    expect(text(request)).toContain('nodeadm install 1.31 -p ssm -s distro');
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('tills'),
      90_000,
    );

    const nodes = await poolNodes('tills');
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(hosts.map((h) => instances.get(h)).sort());
    for (const node of nodes) {
      expect(node.metadata.labels['example.com/tier']).toBe('pos');
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(node.spec.taints).toContainEqual({
        key: 'example.com/dedicated',
        value: 'pos',
        effect: 'NoSchedule',
      });
    }
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    for (const h of hosts) {
      expect(effects[h]?.['nodeadm init']).toBe(1);
      expect(effects[h]?.['nodeadm install']).toBe(1);
    }
    // The activation code stayed on the host: no Run Command carried it.
    const { ssm } = awsClients(t.sim.awsEndpoint);
    const listed = await ssm.send(new ListCommandsCommand({}));
    expect(listed.Commands?.length).toBeGreaterThanOrEqual(12);
    expect(JSON.stringify(listed.Commands)).not.toMatch(/activationCode/);
  }, 120_000);
});
