import { kubeGet } from '../../sim/kube-reader';
import { buttonClick, buttonsIn, hostsFile } from '../../support/hosts-support';
import { approveChange, bootstrapScript, edgeHost, poolScenario, text } from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

let t: TestBot;
const HOST = edgeHost(1);
const dmTo = (title: string) =>
  t.waitForCall(
    (c) => c.method === 'chat.postMessage' && c.args.channel === 'U0OPERATOR' && text(c).includes(title),
    60_000,
  );

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(1),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 20_000);
  }
  await t.command(`host register ${HOST} --cluster demo --site store-20 --ip 10.80.20.11 --auth iam-ra`, {
    user: 'U0OPERATOR',
  });
  await t.waitForCall((c) => text(c).includes(`Bootstrap ${HOST}`), 20_000);
  await t.command(
    `pool create kiosks --cluster demo --profile edge@1.0.0 --hosts ${HOST} --labels example.com/tier=kiosk`,
    {
      user: 'U0OPERATOR',
    },
  );
  await approveChange(t, 'Create pool kiosks (1 host)');
  const join = await dmTo(`Join ${HOST} to pool kiosks`);
  expect((await t.sim.control.runOnHost(HOST, bootstrapScript(join))).exitCode).toBe(0);
  await t.waitForCall(
    (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Create pool kiosks'),
    60_000,
  );
}, 180_000);
afterAll(async () => {
  await t.stop();
});

const node = async () =>
  (await kubeGet(t.sim, 'demo', `/api/v1/nodes/${HOST}`)) as {
    metadata: { labels: Record<string, string> };
    spec: { unschedulable?: boolean };
    status: { nodeInfo: { kubeletVersion: string }; conditions: { type: string; status: string }[] };
  };

describe('rolling a Kubernetes upgrade out to an IAM Roles Anywhere host', () => {
  it('drains it, has the requester run nodeadm upgrade from private instructions, then checks 1.31 and uncordons it', async () => {
    expect((await node()).status.nodeInfo.kubeletVersion).toMatch(/^v1\.30/);
    t.slack.clear();
    await t.command('pool upgrade kiosks --cluster demo --profile edge@1.1.0', { user: 'U0OPERATOR' });
    const request = await approveChange(t, 'Roll edge@1.1.0 out to pool kiosks (1 node)');
    expect(text(request)).toContain('IAM Roles Anywhere hosts: once drained, the requester gets');
    expect(text(request)).toContain(`${HOST} (store-20)  ${HOST}  1.30 → 1.31`);
    const dm = await dmTo(`Upgrade ${HOST} to Kubernetes 1.31`);
    expect((await node()).spec.unschedulable).toBe(true);
    const script = bootstrapScript(dm);
    expect(script).toContain('nodeadm upgrade 1.31 -c file:///etc/hybrid-bot/nodeconfig.yaml');
    expect(script).toContain('iamRolesAnywhere');
    // The NodeConfig the upgrade leaves on the host still labels the node with its site.
    expect(script).toMatch(/--node-labels=.*hybrid-bot\.io\/site=store-20/);

    // Done before the upgrade ran: the rollout looks, finds 1.30 and keeps waiting.
    const [done] = buttonsIn(dm.args);
    await t.interaction(buttonClick('U0OPERATOR', done as never, { responseUrl: t.slack.responseUrl() }));
    await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes(`Checking ${HOST} now`), 20_000);
    expect((await node()).status.nodeInfo.kubeletVersion).toMatch(/^v1\.30/);

    expect((await t.sim.control.runOnHost(HOST, script)).exitCode).toBe(0);
    await t.interaction(buttonClick('U0OPERATOR', done as never, { responseUrl: t.slack.responseUrl() }));
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Roll edge@1.1.0'),
      60_000,
    );
    const after = await node();
    expect(after.status.nodeInfo.kubeletVersion).toMatch(/^v1\.31/);
    expect(after.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(after.spec.unschedulable ?? false).toBe(false);
    expect(after.metadata.labels['example.com/tier']).toBe('kiosk');
    expect(after.metadata.labels['hybrid-bot.io/site']).toBe('store-20');
  }, 180_000);
});
