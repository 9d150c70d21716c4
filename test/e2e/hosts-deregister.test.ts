import { Redis } from 'ioredis';
import { createQueues } from '../../src/adapters/queue/queues';
import { startTestBot, type TestBot } from '../support/test-bot';
import { buttonClick, buttonsIn, hostsFile, movableClock, secretsIn } from './hosts-support';

const clock = movableClock();
let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ file: hostsFile(), clock });
});
afterAll(async () => {
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function registerAndJoin(name: string, ip: string): Promise<string> {
  await t.command(`host register ${name} --cluster demo --site store-12 --ip ${ip}`);
  const secret = await t.waitForCall(
    (c) => c.kind === 'response_url' && text(c).includes(`Bootstrap ${name}`),
  );
  const body = text(secret);
  const yaml = /cat > nodeConfig.yaml <<'NODECONFIG_EOF'\\n([\s\S]*?)\\nNODECONFIG_EOF/.exec(body)?.[1] ?? '';
  const result = t.sim.control.bootstrapHost(name, {
    ...secretsIn(body),
    nodeConfig: JSON.parse(`"${yaml}"`),
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

const click = (user: string, button: unknown, messageTs: string) => {
  const responseUrl = t.slack.responseUrl();
  return t
    .interaction(buttonClick(user, button as never, { messageTs, responseUrl }))
    .then(() => responseUrl);
};

describe('/hybrid host deregister with four-eyes approval', () => {
  it('refuses the requester and a viewer, then one approver double click deregisters once', async () => {
    const instanceId = await registerAndJoin('store12-edge-01', '10.80.1.11');
    const { request, approve, ts } = await askToDeregister('store12-edge-01');
    expect(text(request)).toContain(`drain node \`${instanceId}\``);
    expect(text(request)).toContain(`deregister managed instance \`${instanceId}\``);

    const self = await click('U0OPERATOR', approve, ts);
    await t.waitForCall(
      (c) => c.method === new URL(self).pathname && text(c).includes('someone else must decide'),
    );
    const viewer = await click('U0VIEWER', approve, ts);
    await t.waitForCall(
      (c) => c.method === new URL(viewer).pathname && text(c).includes('Only people with the approver role'),
    );
    expect(
      t.sim.control.state().managedInstances.some((i: { instanceId: string }) => i.instanceId === instanceId),
    ).toBe(true);

    await Promise.all([click('U0APPROVER', approve, ts), click('U0APPROVER', approve, ts)]);
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('Approved by <@U0APPROVER>'));
    await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('store12-edge-01* deregistered'),
      20_000,
    );
    await sleep(1000);
    expect(t.slack.calls().filter((c) => text(c).includes('store12-edge-01* deregistered'))).toHaveLength(1);
    expect(
      t.slack.calls().filter((c) => c.method === 'chat.update' && text(c).includes('Approved by')),
    ).toHaveLength(1);
    expect(
      t.sim.control.state().managedInstances.some((i: { instanceId: string }) => i.instanceId === instanceId),
    ).toBe(false);
    const record = JSON.parse((await t.inspect.hget('{hb}:hosts:demo', 'store12-edge-01')) ?? '{}');
    expect(record.status).toBe('deregistered');

    const trail = (await t.inspect.xrange('{hb}:audit', '-', '+')).map(([, f]) => f[1] ?? '').join('\n');
    for (const step of [
      'approval requested',
      'approve refused: self-approval',
      'approve refused: not-approver',
      'approval approved',
      'approval carried out',
    ]) {
      expect(trail).toContain(step);
    }
  }, 60_000);

  it('refuses an expired request and marks it expired', async () => {
    await registerAndJoin('store12-edge-03', '10.80.1.13');
    const { approve, ts } = await askToDeregister('store12-edge-03');
    clock.advance(2 * 3_600_000);
    const url = await click('U0APPROVER', approve, ts);
    await t.waitForCall((c) => c.method === new URL(url).pathname && text(c).includes('has expired'));
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('Expired'));
    const record = JSON.parse((await t.inspect.hget('{hb}:hosts:demo', 'store12-edge-03')) ?? '{}');
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
      await (await queues.background.getJob(`approval-expire-${id}`))?.promote();
    } finally {
      await queues.close();
      connection.disconnect();
    }
    const expired = await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('Expired'));
    expect(text(expired)).toContain('Deregister host store12-edge-03');
    expect(buttonsIn(expired.args)).toEqual([]);
    const entries = (await t.inspect.xrange('{hb}:audit', '-', '+')).map(([, f]) => JSON.parse(f[1] ?? '{}'));
    expect(entries).toContainEqual(
      expect.objectContaining({ outcome: 'approval expired', detail: `approval ${id}` }),
    );

    const url = await click('U0APPROVER', approve, ts);
    await t.waitForCall((c) => c.method === new URL(url).pathname && text(c).includes('has expired'));
    const record = JSON.parse((await t.inspect.hget('{hb}:hosts:demo', 'store12-edge-03')) ?? '{}');
    expect(record.status).not.toBe('deregistered');
  }, 30_000);

  it('a rejection changes nothing', async () => {
    const { reject, ts } = await askToDeregister('store12-edge-03');
    await click('U0APPROVER', reject, ts);
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('Rejected by <@U0APPROVER>'));
    const record = JSON.parse((await t.inspect.hget('{hb}:hosts:demo', 'store12-edge-03')) ?? '{}');
    // Registered, or joined once the watcher saw its node: anything but removed.
    expect(['registered', 'joined', 'not-ready']).toContain(record.status);
    expect(
      t.sim.control
        .state()
        .managedInstances.some((i: { instanceId: string }) => i.instanceId === record.managedInstanceId),
    ).toBe(true);
  }, 30_000);
});
