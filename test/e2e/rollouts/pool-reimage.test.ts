import { DescribeInstanceInformationCommand, ListCommandsCommand } from '@aws-sdk/client-ssm';
import { kubeRequest } from '../../sim/kube-reader';
import { awsClients } from '../../sim/sim-helpers';
import { buttonClick, buttonsIn, hostsFile } from '../../support/hosts-support';
import {
  approveChange,
  bootstrapScript,
  edgeHost,
  poolNodesOf,
  poolScenario,
  registerAtHost,
  text,
} from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

let t: TestBot;
const HOSTS = [1, 2].map(edgeHost);
const firstInstances = new Map<string, string>();
const codes: string[] = [];

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(2),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  await t.command('profile create edge --k8s 1.31 --version 1.0.0', { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes('edge@1.0.0* created'), 20_000);
  await t.command('profile create edge --k8s 1.31 --version 2.0.0 --os appliance --image edge-os-24.04-v7', {
    user: 'U0OPERATOR',
  });
  await t.waitForCall((c) => text(c).includes('edge@2.0.0* created'), 20_000);
  for (const [i, host] of HOSTS.entries())
    firstInstances.set(host, await registerAtHost(t, host, `10.80.20.${i + 11}`));
  await t.command(
    `pool create tills --cluster demo --profile edge@1.0.0 --hosts ${HOSTS.join(',')} --labels example.com/tier=pos`,
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

/** What the operator does at the site: re-image the host, run the bootstrap they were sent, press Done. */
async function reimageAtSite(host: string): Promise<string> {
  const instructions = await t.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === 'U0OPERATOR' &&
      text(c).includes(`Re-image ${host}`),
    120_000,
  );
  expect(text(instructions)).toContain('edge-os-24.04-v7');
  const bootstrap = await t.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === 'U0OPERATOR' &&
      text(c).includes(`Bootstrap ${host}`),
    30_000,
  );
  const script = bootstrapScript(bootstrap);
  codes.push(/-code "([^"]+)"/.exec(script)?.[1] ?? 'no code in the bootstrap');
  t.sim.control.reimageHost(host, { os: 'ubuntu-24.04' });
  const ran = await t.sim.control.runOnHost(host, script);
  expect(ran.exitCode).toBe(0);
  const [done] = buttonsIn(instructions.args);
  await t.interaction(buttonClick('U0OPERATOR', done as never, { responseUrl: t.slack.responseUrl() }));
  return String(ran.managedInstanceId);
}

describe('/hybrid pool upgrade to a profile with a new OS image', () => {
  it('drains and removes each host, has the requester re-image it, and joins it again under its new instance', async () => {
    t.sim.control.clearEffects();
    t.slack.clear();
    await t.command('pool upgrade tills --cluster demo --profile edge@2.0.0', { user: 'U0OPERATOR' });
    const request = await approveChange(t, 'Re-image pool tills for edge@2.0.0 (2 nodes)');
    expect(text(request)).toContain('re-image it with image edge-os-24.04-v7');
    expect(text(request)).toContain(`${HOSTS[0]} (store-20)`);

    const second = new Map<string, string>();
    for (const host of HOSTS) second.set(host, await reimageAtSite(host));
    await t.waitForCall(
      (c) =>
        c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Re-image pool tills'),
      120_000,
    );

    const nodes = await poolNodes();
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual([...second.values()].sort());
    for (const node of nodes) {
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(node.metadata.labels['example.com/tier']).toBe('pos');
      expect(node.metadata.labels['hybrid-bot.io/site']).toBe('store-20');
    }
    for (const host of HOSTS) {
      expect(second.get(host)).not.toBe(firstInstances.get(host));
      await expect(
        kubeRequest(t.sim, 'demo', 'GET', `/api/v1/nodes/${firstInstances.get(host)}`),
      ).rejects.toThrow(/^404/);
    }
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    for (const host of HOSTS) {
      expect(effects[host]?.['nodeadm uninstall']).toBe(1);
      expect(effects[host]?.['nodeadm init']).toBe(1);
    }
    const { ssm } = awsClients(t.sim.awsEndpoint);
    const listed = await ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [{ Key: 'InstanceIds', Values: [...second.values()] }],
      }),
    );
    expect(listed.InstanceInformationList?.map((i) => [i.PingStatus, i.PlatformVersion])).toEqual([
      ['Online', '24.04'],
      ['Online', '24.04'],
    ]);
    // The channel hears that each host registered again and that its pool joins it, not that it is free for a pool.
    for (const host of HOSTS)
      await t.waitForCall(
        (c) => text(c).includes(`${host}* registered as`) && text(c).includes('Re-imaged'),
        30_000,
      );
    // The new activation codes went to the requester's direct messages only: not to a channel, nor to SSM.
    const channelPosts = t.slack.calls().filter((c) => String(c.args.channel ?? '').startsWith('C'));
    const commands = JSON.stringify((await ssm.send(new ListCommandsCommand({}))).Commands);
    expect(channelPosts.map(text).join('\n')).not.toContain('It can go into a pool');
    expect(codes).toHaveLength(2);
    for (const code of codes) {
      expect(channelPosts.map(text).join('\n')).not.toContain(code);
      expect(commands).not.toContain(code);
    }

    t.slack.clear();
    await t.command('pool show tills --cluster demo');
    const shown = await t.waitForCall((c) => c.kind === 'response_url', 20_000);
    expect(text(shown)).toContain('edge@2.0.0');
  }, 300_000);
});
