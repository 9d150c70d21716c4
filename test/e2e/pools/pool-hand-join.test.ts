import { PoolStore } from '../../../src/adapters/redis/pool-store';
import { kubeGet, kubeRequest } from '../../sim/kube-reader';
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
beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(5),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  await t.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 20_000);
}, 120_000);
afterAll(async () => {
  await t.stop();
});

const poolNodes = (pool: string) => poolNodesOf(t, pool);

describe('an IAM Roles Anywhere host in a pool', () => {
  it('is joined by the requester from private instructions; Done makes the change check the node and go on', async () => {
    const host = edgeHost(1);
    await t.command(`host register ${host} --cluster demo --site store-20 --ip 10.80.20.11 --auth iam-ra`, {
      user: 'U0OPERATOR',
    });
    await t.waitForCall((c) => text(c).includes(`Bootstrap ${host}`), 20_000);
    t.slack.clear();
    await t.command(
      `pool create kiosks --cluster demo --profile edge-standard --hosts ${host} --labels example.com/tier=kiosk`,
      {
        user: 'U0OPERATOR',
      },
    );
    const request = await approveChange(t, 'Create pool kiosks (1 host)');
    expect(text(request)).toContain('presses Done');
    const dm = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'U0OPERATOR' &&
        text(c).includes(`Join ${host} to pool kiosks`),
      30_000,
    );
    // The NodeConfig handed out labels the node with its host's site as kubelet registers it.
    expect(bootstrapScript(dm)).toMatch(/--node-labels=.*hybrid-bot\.io\/site=store-20/);
    const [done] = buttonsIn(dm.args);
    // Done before the host joined: the change says so and keeps waiting.
    const early = t.slack.responseUrl();
    await t.interaction(buttonClick('U0OPERATOR', done as never, { messageTs: '1.2', responseUrl: early }));
    await t.waitForCall(
      (c) => c.method === new URL(early).pathname && text(c).includes(`Checking ${host} now`),
      20_000,
    );
    expect(await poolNodes('kiosks')).toEqual([]);

    const ran = await t.sim.control.runOnHost(host, bootstrapScript(dm));
    expect(ran.exitCode).toBe(0);
    await t.interaction(
      buttonClick('U0OPERATOR', done as never, { messageTs: '1.2', responseUrl: t.slack.responseUrl() }),
    );
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('kiosks'),
      60_000,
    );
    const [node] = await poolNodes('kiosks');
    expect(node?.metadata.name).toBe(host);
    expect(node?.metadata.labels['example.com/tier']).toBe('kiosk');
    expect(node?.metadata.labels['hybrid-bot.io/site']).toBe('store-20');
  }, 120_000);

  it('only the requester may press Done', async () => {
    const dm = t.slack
      .calls()
      .find((c) => c.method === 'chat.postMessage' && text(c).includes('Join store20-edge-01'));
    const [done] = buttonsIn(dm!.args);
    const url = t.slack.responseUrl();
    await t.interaction(buttonClick('U0ADMIN', done as never, { messageTs: '1.2', responseUrl: url }));
    await t.waitForCall(
      (c) => c.method === new URL(url).pathname && text(c).includes('Only <@U0OPERATOR>'),
      20_000,
    );
  });
});

describe('--on-failure continue', () => {
  it('marks a failed host failed while the others join, and says which at the end', async () => {
    for (const n of [2, 3, 4]) await registerAtHost(t, edgeHost(n), `10.80.20.${n + 10}`);
    t.sim.control.setFault({ host: edgeHost(3), nodeadm: 'install', message: 'no space left on device' });
    t.slack.clear();
    await t.command(
      'pool create tills --cluster demo --profile edge-standard --hosts store20-edge-02,store20-edge-03,store20-edge-04 --on-failure continue',
      { user: 'U0OPERATOR' },
    );
    await approveChange(t, 'Create pool tills (3 hosts)');
    const end = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('Done: Create pool tills'),
      90_000,
    );
    expect(text(end)).toContain('1 of the hosts failed: store20-edge-03');
    const failure = await t.waitForCall((c) => text(c).includes('no space left on device'), 10_000);
    expect(text(failure)).toContain('the others go on');
    expect((await poolNodes('tills')).length).toBe(2);
    t.sim.control.clearFaults();
  }, 150_000);
});

describe('/hybrid pool delete', () => {
  it('takes every host out (the failed one too) and then the pool; an operator cannot force it', async () => {
    t.slack.clear();
    await t.command('pool delete tills --cluster demo --force', { user: 'U0OPERATOR' });
    await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('--force is for admins'),
      20_000,
    );
    await t.command('pool delete tills --cluster demo --force', { user: 'U0ADMIN' });
    const request = await approveChange(t, 'Delete pool tills (3 hosts)');
    expect(text(request)).toContain('then pool tills itself is deleted');
    await t.waitForCall(
      (c) =>
        c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Delete pool tills'),
      90_000,
    );
    expect(await poolNodes('tills')).toEqual([]);
    expect(await new PoolStore(t.inspect).get('demo', 'tills')).toBeUndefined();
    t.slack.clear();
    await t.command('pools --cluster demo');
    const list = await t.waitForCall((c) => c.kind === 'response_url', 20_000);
    expect(text(list)).toContain('kiosks');
    expect(text(list)).not.toContain('*tills*');
  }, 150_000);
});

describe('adopting a host that joined on its own (--join)', () => {
  it('claims it and labels its running node (its site too), without running nodeadm again', async () => {
    const host = edgeHost(5);
    const id = await registerAtHost(t, host, '10.80.20.15', '--join');
    await t.waitForCall((c) => text(c).includes(`joined *demo* as node \`${id}\``), 30_000);
    // Someone took the site label off the running node: adoption puts it back.
    const running = await kubeGet(t.sim, 'demo', `/api/v1/nodes/${id}`);
    delete running.metadata.labels['hybrid-bot.io/site'];
    await kubeRequest(t.sim, 'demo', 'PUT', `/api/v1/nodes/${id}`, running);
    expect((await kubeGet(t.sim, 'demo', `/api/v1/nodes/${id}`)).metadata.labels).not.toHaveProperty(
      'hybrid-bot.io/site',
    );
    t.sim.control.clearEffects();
    t.slack.clear();
    await t.command(
      `pool create adopted --cluster demo --profile edge-standard --hosts ${host} --labels example.com/tier=back`,
      {
        user: 'U0OPERATOR',
      },
    );
    const request = await approveChange(t, 'Create pool adopted (1 host)');
    expect(text(request)).toContain(`adopted as they run (no re-join): ${host} (node ${id})`);
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('adopted'),
      60_000,
    );
    const [node] = await poolNodes('adopted');
    expect(node?.metadata.name).toBe(id);
    expect(node?.metadata.labels['example.com/tier']).toBe('back');
    expect(node?.metadata.labels['hybrid-bot.io/site']).toBe('store-20');
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    expect(effects[host]?.['nodeadm init']).toBeUndefined();
    expect(effects[host]?.['nodeadm install']).toBeUndefined();
  }, 120_000);
});
