import { CreateActivationCommand } from '@aws-sdk/client-ssm';
import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../../../src/adapters/queue/queues';
import { KEY_PREFIX } from '../../../src/adapters/redis/connection';
import { HostInventory } from '../../../src/adapters/redis/inventory';
import { loadConfig } from '../../../src/config/load-config';
import { awsClients, ssmNodeConfig } from '../../sim/sim-helpers';
import { buttonClick, buttonsIn } from '../../support/hosts-support';
import { postSigned, slashCommandBody } from '../../support/slack-requests';
import {
  SIGNING_SECRET,
  startTestBot,
  TEST_ACCESS,
  TEST_CLUSTERS,
  type TestBot,
} from '../../support/test-bot';
import { until } from '../../support/until';

let t: TestBot;
beforeAll(async () => {
  // demo and legacy from the file; the simulator also has gitops, which the file leaves out.
  t = await startTestBot({
    file: { clusters: TEST_CLUSTERS, access: { ...TEST_ACCESS, admins: ['U0ADMIN', 'U0ADMIN2'] } },
  });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => t.slack.clear());

const textOf = (body: unknown) => JSON.stringify(body);

async function doctor(
  cluster: string,
): Promise<{ text: string; blocks: string; args: Record<string, unknown> }> {
  const res = await t.command(`doctor ${cluster}`, { user: 'U0VIEWER' });
  expect(res.status).toBe(200);
  const reply = await t.waitForCall(
    (c) => c.kind === 'response_url' && textOf(c.args).includes(`Doctor for ${cluster}`),
  );
  return { text: String(reply.args.text), blocks: textOf(reply.args.blocks), args: reply.args };
}

/** Each check's title with its result, as the checklist shows them. */
function results(blocks: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of blocks.matchAll(/\*([^*]+)\* \((pass|warn|fail)\)/g)) found[m[1] ?? ''] = m[2] ?? '';
  return found;
}

describe('/hybrid doctor', () => {
  it('passes on the demo cluster, in the channel, warning only of the single agent node', async () => {
    const { text, blocks, args } = await doctor('demo');
    expect(args.response_type).toBe('in_channel');
    expect(text).toContain('0 fail');
    const r = results(blocks);
    expect(Object.keys(r)).toHaveLength(13);
    expect(Object.entries(r).filter(([, v]) => v !== 'pass')).toEqual([
      ['A cloud worker Ready to host the management agent', 'warn'],
    ]);
  });

  it('fails exactly the broken checks on legacy, each with a fix', async () => {
    const { blocks } = await doctor('legacy');
    const r = results(blocks);
    const having = (result: string) =>
      Object.entries(r)
        .filter(([, v]) => v === result)
        .map(([k]) => k)
        .sort();
    expect(having('fail')).toEqual(
      [
        'Hybrid nodes enabled',
        'Remote networks private and not overlapping',
        'Authentication mode allows access entries',
        'HYBRID_LINUX access entry for the hybrid nodes role',
        'A cloud worker Ready to host the management agent',
        'Agent node group never scales to zero',
      ].sort(),
    );
    // A self-managed VPC CNI and a missing Cilium are warnings, not failures.
    expect(having('warn')).toEqual(
      [
        'AWS VPC CNI add-on ACTIVE',
        'Cilium agent only on hybrid nodes',
        'Cilium operator only on hybrid nodes',
        "Cilium's pod CIDRs are the remote pod networks",
      ].sort(),
    );
    expect(having('pass')).toHaveLength(3);
    expect(blocks.match(/_Fix:_/g)).toHaveLength(10);
    // What made the agent-node check fail, and a fix naming the cluster.
    expect(blocks).toMatch(/\S+ \(t3\.medium, node group workers\) has 2 vCPU \(needs 4\)/);
    expect(blocks).toContain('aws eks create-nodegroup --cluster-name legacy ');
  });

  it('fails the host check for a registered host outside the remote node networks, naming it', async () => {
    const inventory = new HostInventory(t.inspect);
    const host = { cluster: 'demo', auth: 'ssm', deregistered: false, status: 'registered' } as const;
    await inventory.put({ ...host, name: 'plant3-edge-01', site: 'plant-3', ip: '10.80.2.21' });
    await inventory.put({ ...host, name: 'plant3-edge-04', site: 'plant-3', ip: '192.168.50.10' });
    const { blocks } = await doctor('demo');
    expect(results(blocks)['Registered hosts inside the remote node networks']).toBe('fail');
    expect(blocks).toContain('plant3-edge-04 (192.168.50.10)');
    expect(blocks).not.toContain('plant3-edge-01 (');
    await t.inspect.del('{hb}:hosts:demo');
  });

  it('names the configured clusters when asked about another', async () => {
    await t.command('doctor nowhere');
    const reply = await t.waitForCall((c) => c.kind === 'response_url' && textOf(c.args).includes('nowhere'));
    expect(String(reply.args.text)).toContain(
      'No cluster named `nowhere` is configured: use `demo` or `legacy`.',
    );
  });
});

/**
 * Two SSM hosts joined to demo at plant-3: one with a nodeadm build older than 1.0.19, one on Ubuntu
 * 20.04 (kernel 5.4). Registered as the bot records them; their nodes joined as nodeadm joins them.
 */
describe('/hybrid doctor --hosts and the gates it feeds', () => {
  const ids = new Map<string, string>();
  beforeAll(async () => {
    const hosts = [
      { name: 'facts-edge-01', ip: '10.80.2.31', os: 'ubuntu-22.04', nodeadmVersion: 'v1.0.15' },
      { name: 'facts-edge-02', ip: '10.80.2.32', os: 'ubuntu-20.04' },
    ];
    t.sim.control.addHosts(hosts.map((h) => ({ ...h, site: 'plant-3' })));
    const ssm = awsClients(t.sim.awsEndpoint).ssm;
    const inventory = new HostInventory(t.inspect);
    for (const h of hosts) {
      const a = await ssm.send(
        new CreateActivationCommand({ IamRole: 'HybridNodesRole', DefaultInstanceName: h.name }),
      );
      const joined = t.sim.control.bootstrapHost(h.name, {
        activationId: a.ActivationId,
        activationCode: a.ActivationCode,
        nodeConfig: ssmNodeConfig({ activationId: a.ActivationId!, activationCode: a.ActivationCode! }),
        kubernetesVersion: '1.31',
      });
      ids.set(h.name, joined.managedInstanceId!);
      await inventory.put({
        name: h.name,
        cluster: 'demo',
        site: 'plant-3',
        ip: h.ip,
        auth: 'ssm',
        deregistered: false,
        managedInstanceId: joined.managedInstanceId!,
        node: { name: joined.managedInstanceId!, ready: true },
        status: 'joined',
      });
    }
  });

  it('names the host with an old nodeadm and the host with an old kernel, with one Run Command for both', async () => {
    t.sim.control.clearApiCalls();
    await t.command('doctor demo --hosts', { user: 'U0VIEWER' });
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && textOf(c.args).includes('Host facts for demo'),
      20_000,
    );
    const blocks = textOf(reply.args.blocks);
    expect(reply.args.response_type).toBe('in_channel');
    expect(t.sim.control.apiCalls()['ssm:SendCommand']).toBe(1);
    expect(blocks).toContain(
      `*facts-edge-02 (${ids.get('facts-edge-02')})* at plant-3: kernel 5.4.0-200-generic is older than 5.10`,
    );
    // Read by the fact script, which needs a shell that expands `$(…)` on the simulated host.
    expect(blocks).toContain(
      `*facts-edge-01 (${ids.get('facts-edge-01')})* at plant-3: nodeadm v1.0.15 is older than 1.0.19`,
    );
  });

  it('host show lists what the bot knows of the host, with how old it is', async () => {
    await t.command('host show facts-edge-02', { user: 'U0VIEWER' });
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && textOf(c.args).includes('Host facts'),
      20_000,
    );
    const blocks = textOf(reply.args.blocks);
    expect(blocks).toContain('*OS:* Ubuntu 20.04 _(just now)_');
    expect(blocks).toMatch(/\*SSM agent:\* \d+\.\d+\.\d+\.\d+ _\(just now\)_/);
    expect(blocks).toContain('*Kernel:* 5.4.0-200-generic _(just now)_');
    expect(blocks).toContain('so this host cannot run Cilium 1.18');
  });

  it('refuses Cilium 1.18 on demo, naming the host whose kernel is too old and how to fix it', async () => {
    await t.command('cni set demo --cilium 1.18.3-0', { user: 'U0ADMIN' });
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && textOf(c.args).includes('is refused'),
      20_000,
    );
    const said = String(reply.args.text);
    expect(said).toContain('Cilium 1.18.3-0 on demo is refused; nothing was changed');
    expect(said).toContain(
      `facts-edge-02 (${ids.get('facts-edge-02')}) at plant-3: kernel 5.4.0-200-generic`,
    );
    expect(said).not.toContain('facts-edge-01 (');
    expect(said).toContain('or stay on Cilium 1.17 (`/hybrid cni set demo --cilium 1.17.8-0`)');
  });
});

/** gitops is in EKS (the simulator) but not in the configuration file: admins join it from Slack. */
describe('/hybrid cluster import, export and forget', () => {
  const FORM = 'application/x-www-form-urlencoded';
  async function reply(line: string, marker: string, user = 'U0ADMIN') {
    const responseUrl = t.slack.responseUrl();
    const path = new URL(responseUrl).pathname;
    await postSigned(t.url, slashCommandBody({ text: line, user, responseUrl }), FORM, {
      secret: SIGNING_SECRET,
    });
    const call = await t.waitForCall(
      (c) => c.kind === 'response_url' && c.method === path && textOf(c.args).includes(marker),
      20_000,
    );
    return call.args;
  }
  const answer = async (line: string, marker: string, user = 'U0ADMIN') =>
    textOf(await reply(line, marker, user));

  /** The change's message in its channel, once it reads `state`. */
  const changeMessage = (title: string, state: string) =>
    t.waitForCall(
      (c) =>
        (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
        c.args.channel === 'C0GITOPS' &&
        String(c.args.text).includes(`${title}: ${state}`),
      20_000,
    );

  async function click(user: string, button: { action_id: string; value?: string }) {
    const responseUrl = t.slack.responseUrl();
    await t.interaction(buttonClick(user, button, { messageTs: '1700000001.000400', responseUrl }));
    return new URL(responseUrl).pathname;
  }

  async function approveAsSecondAdmin(title: string) {
    const asked = await changeMessage(title, 'waiting for approval');
    const [approve] = buttonsIn(asked.args);
    // An approver is not enough: admins decide which clusters the bot manages.
    const refused = await click('U0APPROVER', approve as never);
    await t.waitForCall(
      (c) =>
        c.kind === 'response_url' &&
        c.method === refused &&
        textOf(c.args).includes('Only admins can decide on this change: ask another admin.'),
    );
    await click('U0ADMIN2', approve as never);
    return changeMessage(title, 'done');
  }

  it('refuses a cluster EKS does not know, and a channel not picked with #, recording nothing', async () => {
    const unknown = await answer(
      'cluster import nowhere --region us-west-2 --channel <#C0GITOPS|gitops-ops>',
      'nowhere',
    );
    expect(unknown).toContain(
      'EKS has no cluster `nowhere` in us-west-2: check the name and `--region`. Nothing was recorded.',
    );
    const typed = await answer('cluster import gitops --region us-west-2 --channel #gitops-ops', 'gitops');
    expect(typed).toContain('`--channel` must be a Slack channel ID (C… or G…): pick the channel with #');
    expect(await answer('clusters', 'Clusters: ', 'U0VIEWER')).toContain('Clusters: 2 clusters');
  });

  it('imports gitops on a second admin’s approval; status, doctor, clusters and export then know it', async () => {
    await t.command('cluster import gitops --region us-west-2 --channel <#C0GITOPS|gitops-ops>', {
      user: 'U0ADMIN',
    });
    const asked = await changeMessage('Import cluster gitops', 'waiting for approval');
    const plan = textOf(asked.args.blocks);
    expect(plan).toContain('EKS cluster *gitops* (us-west-2, Kubernetes 1.31, ACTIVE)');
    expect(plan).toContain("hybrid nodes role HybridNodesRole (its HYBRID_LINUX access entry's)");
    expect(plan).toContain("the doctor's checks: 12 pass, 1 warn, 0 fail");
    expect(plan).toContain(':warning: *A cloud worker Ready to host the management agent*');
    expect(plan).toContain('An admin other than the requester decides');
    // Nothing is managed before the approval.
    expect(await answer('status gitops', 'gitops')).toContain('No cluster named `gitops` is configured');

    await approveAsSecondAdmin('Import cluster gitops');

    expect(await answer('status gitops', 'Status: gitops')).toContain('*gitops* · ACTIVE');
    const doctor = await answer('doctor gitops', 'Doctor for gitops');
    expect(doctor).toContain('0 fail');
    const list = await answer('clusters', 'Clusters: 3 clusters', 'U0VIEWER');
    expect(list).toContain(
      '*demo* · us-west-2 · <#C0OPS> · alerts <#C0ALERTS> · from the configuration file',
    );
    expect(list).toMatch(/\*gitops\* · us-west-2 · <#C0GITOPS> · imported by <@U0ADMIN> <!date/);
    // Its monitor runs like a file cluster's.
    const background = new Queue(QUEUE_NAMES.background, { connection: t.inspect, prefix: KEY_PREFIX });
    await until('a monitor schedule for gitops', async () =>
      (await background.getJobSchedulers()).some((s) => s.key === 'monitor-gitops'),
    );

    // The entry for the configuration file, which the loader reads back as the same cluster.
    const exported = await reply('cluster export gitops', 'Configuration entry for gitops', 'U0VIEWER');
    const shown = (exported.blocks as { text?: { text: string } }[])
      .map((b) => b.text?.text ?? '')
      .join('\n');
    const yaml = /```\n([\s\S]*?)```/.exec(shown)?.[1] ?? '';
    expect(yaml).toContain('- name: gitops');
    const file = `access: {}\n${yaml}`;
    const loaded = loadConfig(
      {
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
        HYBRID_BOT_CONFIG: 'c.yaml',
      },
      () => file,
    );
    expect(loaded.clusters).toEqual([
      {
        name: 'gitops',
        region: 'us-west-2',
        channel: 'C0GITOPS',
        hybridNodesRole: 'HybridNodesRole',
        vpcCidrs: [],
      },
    ]);
    await background.close();
  });

  it('refuses to forget a cluster of the configuration file, saying where to remove it', async () => {
    const said = await answer('cluster forget demo', 'configuration file');
    expect(said).toContain(
      'Cluster `demo` comes from the configuration file (HYBRID_BOT_CONFIG), not from Slack: to stop managing it, remove its entry under `clusters:` there and restart the bot.',
    );
  });

  it('forgets gitops on a second admin’s approval, touching nothing on it', async () => {
    t.sim.control.clearApiCalls();
    await t.command('cluster forget gitops', { user: 'U0ADMIN' });
    const asked = await changeMessage('Forget cluster gitops', 'waiting for approval');
    expect(textOf(asked.args.blocks)).toContain('nothing changes in EKS or on the cluster');
    await approveAsSecondAdmin('Forget cluster gitops');
    expect(await answer('status gitops', 'gitops')).toContain(
      'No cluster named `gitops` is configured: use `demo` or `legacy`.',
    );
    const writes = Object.keys(t.sim.control.apiCalls()).filter((k) => !/:(Describe|List|Get)/.test(k));
    expect(writes).toEqual([]);
    // Its monitor stops with it.
    const background = new Queue(QUEUE_NAMES.background, { connection: t.inspect, prefix: KEY_PREFIX });
    await until('no monitor schedule for gitops', async () =>
      (await background.getJobSchedulers()).every((s) => s.key !== 'monitor-gitops'),
    );
    await background.close();
  });
});
