import { Redis } from 'ioredis';
import { createQueues } from '../../src/adapters/queue/queues';
import { AuditLog } from '../../src/adapters/redis/audit-log';
import { PoolStore } from '../../src/adapters/redis/pool-store';
import { readHost } from '../support/host-records';
import {
  buttonClick,
  buttonsIn,
  hostsFile,
  movableClock,
  nodeConfigIn,
  secretsIn,
} from '../support/hosts-support';
import { startTestBot, type TestBot } from '../support/test-bot';

const clock = movableClock();
let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ file: hostsFile(), clock });
});
afterAll(async () => {
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);

async function registerAndJoin(name: string, ip: string): Promise<string> {
  await t.command(`host register ${name} --cluster demo --site store-12 --ip ${ip} --join`);
  const secret = await t.waitForCall(
    (c) => c.kind === 'response_url' && text(c).includes(`Bootstrap ${name}`),
  );
  const body = text(secret);
  const result = t.sim.control.bootstrapHost(name, {
    ...secretsIn(body),
    nodeConfig: nodeConfigIn(body) ?? '',
    kubernetesVersion: '1.31',
  });
  await t.waitForCall((c) => text(c).includes(`${name}* registered as`), 20_000);
  return result.managedInstanceId ?? '';
}

async function askToDeregister(name: string) {
  t.slack.clear();
  await t.command(`host deregister ${name}`);
  const request = await t.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === 'C0OPS' &&
      text(c).includes(`Deregister host ${name}`),
  );
  const [approve, reject] = buttonsIn(request.args);
  return { request, approve, reject, ts: '1700000001.000300' };
}

let pending: Awaited<ReturnType<typeof askToDeregister>> | undefined;

const click = (user: string, button: unknown, messageTs: string) => {
  const responseUrl = t.slack.responseUrl();
  return t
    .interaction(buttonClick(user, button as never, { messageTs, responseUrl }))
    .then(() => responseUrl);
};

const managedInstances = () =>
  t.sim.control.state().managedInstances.map((i: { instanceId: string }) => i.instanceId);
const nodeNames = () => t.sim.control.state().nodes.map((n: { name: string }) => n.name);
const changeUpdates = (needle: string) =>
  t.slack.calls().filter((c) => c.method === 'chat.update' && text(c).includes(needle));

describe('/hybrid host deregister: a change approved by a second person', () => {
  it('refuses the requester and a viewer; one approver double click runs every step once, in AWS order', async () => {
    const instanceId = await registerAndJoin('store12-edge-01', '10.80.1.11');
    const { request, approve, ts } = await askToDeregister('store12-edge-01');
    expect(text(request)).toContain(`drain node \`${instanceId}\``);
    expect(text(request)).toContain('run `nodeadm uninstall` on store12-edge-01 through SSM Run Command');
    expect(text(request)).toContain(`delete the Node object \`${instanceId}\``);

    const self = await click('U0OPERATOR', approve, ts);
    await t.waitForCall(
      (c) => c.method === new URL(self).pathname && text(c).includes('someone else must decide'),
    );
    const viewer = await click('U0VIEWER', approve, ts);
    await t.waitForCall(
      (c) => c.method === new URL(viewer).pathname && text(c).includes('Only people with the approver role'),
    );
    expect(managedInstances()).toContain(instanceId);

    await Promise.all([click('U0APPROVER', approve, ts), click('U0APPROVER', approve, ts)]);
    const done = await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('*Done*'), 30_000);
    expect(text(done)).toContain('approved by <@U0APPROVER>');
    expect(text(done)).toMatch(/1\/1 host\b/);
    expect(buttonsIn(done.args)).toEqual([]);
    expect(managedInstances()).not.toContain(instanceId);
    expect(nodeNames()).not.toContain(instanceId);
    const record = await readHost(t.inspect, 'store12-edge-01');
    expect(record.status).toBe('deregistered');
    // The thread hears each turn once (its posts are paced, so they may arrive after the message's update).
    for (const note of ['Approved by <@U0APPROVER>', 'Applying.', 'Done: Deregister host store12-edge-01']) {
      await t.waitForCall((c) => c.method === 'chat.postMessage' && text(c).includes(note), 20_000);
    }
    const approvedNotes = t.slack
      .calls()
      .filter((c) => c.method === 'chat.postMessage' && text(c).includes('Approved by <@U0APPROVER>'));
    expect(approvedNotes).toHaveLength(1);

    const { id } = JSON.parse(String((approve as { value: string }).value)) as { id: string };
    await t.command('changes --state done');
    const list = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('Changes (state done)'),
    );
    expect(text(list)).toContain(`*${id}* Deregister host store12-edge-01 · done · 1/1 host`);
    await t.command(`change show ${id}`);
    const shown = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes(`Change ${id}: Deregister`),
    );
    const order = [
      'Cordon node',
      'Drain node',
      'Run nodeadm uninstall',
      'Delete node',
      'Deregister managed instance',
      'Mark host',
    ];
    const positions = order.map((title) => text(shown).indexOf(title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text(shown)).toContain('already deregistered');

    const trail = (await new AuditLog(t.inspect).list({ limit: 1000 }))
      .map((e) => JSON.stringify(e))
      .join('\n');
    for (const outcome of [
      'change requested',
      'change approve refused: self-approval',
      'change approve refused: not-approver',
      'change approved',
      'change applying',
      'change done',
    ]) {
      expect(trail).toContain(outcome);
    }
  }, 60_000);

  it('refuses an expired request and marks it expired', async () => {
    await registerAndJoin('store12-edge-03', '10.80.1.13');
    const { approve, ts } = await askToDeregister('store12-edge-03');
    clock.advance(2 * 3_600_000);
    const url = await click('U0APPROVER', approve, ts);
    await t.waitForCall((c) => c.method === new URL(url).pathname && text(c).includes('has expired'));
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('*Expired*'));
    const record = await readHost(t.inspect, 'store12-edge-03');
    expect(record.status).not.toBe('deregistered');
  }, 60_000);

  it('marks a request nobody decided expired at its expiry, and refuses a later click', async () => {
    const { approve, ts } = await askToDeregister('store12-edge-03');
    const { id } = JSON.parse(String(approve?.value)) as { id: string };
    clock.advance(2 * 3_600_000);
    // The expiry job waits an hour of real time: run it now, through the real worker.
    const connection = new Redis(t.redis.url);
    const queues = createQueues(connection);
    try {
      await (await queues.background.getJob(`change-${id}-expire`))?.promote();
    } finally {
      await queues.close();
      connection.disconnect();
    }
    const expired = await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('*Expired*'));
    expect(text(expired)).toContain('Deregister host store12-edge-03');
    expect(buttonsIn(expired.args)).toEqual([]);
    const entries = await new AuditLog(t.inspect).list({ limit: 1000 });
    expect(entries).toContainEqual(
      expect.objectContaining({ outcome: 'change expired', detail: `change ${id}` }),
    );

    const url = await click('U0APPROVER', approve, ts);
    await t.waitForCall((c) => c.method === new URL(url).pathname && text(c).includes('already expired'));
    const record = await readHost(t.inspect, 'store12-edge-03');
    expect(record.status).not.toBe('deregistered');
  }, 30_000);

  it('a rejection changes nothing, and frees the host for another request', async () => {
    const { reject, ts } = await askToDeregister('store12-edge-03');
    await click('U0APPROVER', reject, ts);
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('rejected by <@U0APPROVER>'));
    const record = await readHost(t.inspect, 'store12-edge-03');
    // Registered, or joined once the watcher saw its node: anything but removed.
    expect(['registered', 'joined', 'not-ready']).toContain(record.status);
    expect(managedInstances()).toContain(record.managedInstanceId);
    expect(changeUpdates('*Rejected*').length).toBeGreaterThan(0);
    pending = await askToDeregister('store12-edge-03');
  }, 30_000);

  it('tells a second requester which change holds the host', async () => {
    t.slack.clear();
    await t.command('host deregister store12-edge-03');
    const refused = await t.waitForCall((c) => text(c).includes('is being changed by change'));
    expect(text(refused)).toMatch(
      /host store12-edge-03 \(cluster demo\) is being changed by change \d+, started by <@U0OPERATOR>/,
    );
  }, 30_000);
});

describe('/hybrid host deregister of a pool member', () => {
  let plantInstance = '';
  let storeInstance = '';
  const ask = async (command: string, needle: string, user = 'U0OPERATOR') => {
    t.slack.clear();
    await t.command(command, { user });
    return text(await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes(needle), 20_000));
  };
  const approveAndFinish = async (title: string) => {
    const request = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes(title),
      20_000,
    );
    const [approve] = buttonsIn(request.args);
    await click('U0APPROVER', approve, '1700000001.000300');
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes(title),
      60_000,
    );
    return request;
  };

  beforeAll(async () => {
    plantInstance = await registerAndJoin('plant3-edge-01', '10.80.2.21');
    storeInstance = await registerAndJoin('store12-edge-02', '10.80.1.12');
    await ask('profile create edge-standard --k8s 1.31', 'edge-standard');
    t.slack.clear();
    await t.command(
      'pool create counters --cluster demo --profile edge-standard --hosts plant3-edge-01,store12-edge-02',
    );
    await approveAndFinish('Create pool counters');
    // The request the previous test left open: approved, its node's pods move to the pool's nodes.
    if (!pending) throw new Error('no open request for store12-edge-03');
    t.slack.clear();
    await click('U0APPROVER', pending.approve, pending.ts);
    await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        text(c).includes('*Done*') &&
        text(c).includes('Deregister host store12-edge-03'),
      60_000,
    );
  }, 120_000);

  it("refuses to take the pool's last Ready node while pods run there, as pool remove does; an admin's --force passes", async () => {
    t.sim.control.setNodeReady(storeInstance, false, 'demo');
    const refused = await ask('host deregister plant3-edge-01', 'cannot be deregistered');
    expect(refused).toMatch(/last Ready node of pool counters while \d+ pods? run there/);
    expect(refused).toContain('an admin passes --force');
    // CoreDNS's replica on the NotReady node leaves its budget no disruption to spare.
    expect(refused).toMatch(/PodDisruptionBudget kube-system\/coredns .*allows no disruption now/);
    expect(await new PoolStore(t.inspect).poolOf('demo', 'plant3-edge-01')).toBe('counters');
    t.sim.control.setNodeReady(storeInstance, true, 'demo');

    t.slack.clear();
    await t.command('host deregister plant3-edge-01 --force', { user: 'U0ADMIN' });
    const request = await approveAndFinish('Deregister host plant3-edge-01');
    expect(text(request)).toContain('host *plant3-edge-01* is in pool *counters*');
    expect(text(request)).toContain('forced by an admin');
    expect(nodeNames()).not.toContain(plantInstance);

    // The pool keeps its other host and no longer counts the one that went: nothing to call drift.
    expect(await new PoolStore(t.inspect).poolOf('demo', 'plant3-edge-01')).toBeUndefined();
    const shown = await ask('pool show counters --cluster demo', 'counters');
    expect(shown).toContain('store12-edge-02');
    expect(shown).not.toContain('plant3-edge-01');
    expect(shown).toContain('No drift');
  }, 90_000);
});
