import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListCommandsCommand } from '@aws-sdk/client-ssm';
import { ChangeStore } from '../../../src/adapters/redis/change-store';
import { PoolStore } from '../../../src/adapters/redis/pool-store';
import { AWS_CLI_ENV, awsClients } from '../../sim/sim-helpers';
import { readHost } from '../../support/host-records';
import { buttonClick, buttonsIn, hostsFile } from '../../support/hosts-support';
import {
  approveChange,
  bootstrapAtHost,
  edgeHost,
  poolNodesOf,
  poolScenario,
  registerAtHost,
  registerInBulkAtHosts,
  text,
} from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

const run = promisify(execFile);
let t: TestBot;
const instances = new Map<string, string>();
const dir = mkdtempSync(join(tmpdir(), 'pool-kube-'));
const kubeconfig = join(dir, 'kubeconfig');
const kubectlMissing = missing('kubectl', ['version', '--client']) ?? missing('aws', ['--version']);
if (kubectlMissing) console.log(`The kubectl check is skipped: ${kubectlMissing}`);

function missing(cmd: string, args: string[]): string | undefined {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    return undefined;
  } catch (e) {
    return `${cmd} ${args.join(' ')} failed: ${(e as Error).message.split('\n')[0]}`;
  }
}

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(7, { nodeadmInstallMs: 200, nodeadmInitMs: 200 } as never),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
    kubeconfigPath: kubeconfig,
  });
  await t.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 20_000);
  for (let n = 1; n <= 4; n++)
    instances.set(edgeHost(n), await registerAtHost(t, edgeHost(n), `10.80.20.${n + 10}`));
  // Hosts 5 and 6 come through the bulk form: the pool below grows with them.
  const bulk = [5, 6].map((n) => ({ name: edgeHost(n), ip: `10.80.20.${n + 10}` }));
  for (const [host, id] of await registerInBulkAtHosts(t, bulk)) instances.set(host, id);
}, 120_000);
afterAll(async () => {
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

const poolNodes = (pool: string) => poolNodesOf(t, pool);

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
      'Tills\\" is invalid',
      'nowhere-01 is not registered',
      'kubernetes.io/role',
      'Sometimes',
    ]) {
      expect(text(reply)).toContain(problem);
    }
    expect(await new ChangeStore(t.inspect).list()).toEqual([]);
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
      // The host's site, so availability counts the node under store-20, not "unknown".
      expect(node.metadata.labels['hybrid-bot.io/site']).toBe('store-20');
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(node.spec.taints).toContainEqual({
        key: 'example.com/dedicated',
        value: 'pos',
        effect: 'NoSchedule',
      });
    }
    if (!kubectlMissing) {
      // As a platform engineer checks it: kubectl with the simulator's kubeconfig (aws eks get-token).
      const { stdout } = await run(
        'kubectl',
        [
          '--kubeconfig',
          kubeconfig,
          '--context',
          'demo',
          'get',
          'nodes',
          '-l',
          'hybrid-bot.io/pool=tills',
          '-o',
          'json',
        ],
        { env: AWS_CLI_ENV },
      );
      const listed = JSON.parse(stdout) as { items: { metadata: { name: string } }[] };
      expect(listed.items.map((n) => n.metadata.name).sort()).toEqual(
        hosts.map((h) => instances.get(h)).sort(),
      );
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
    // The site is a kubelet flag of the NodeConfig written on each host: the node registers with it.
    const written = (listed.Commands ?? []).filter((c) =>
      c.Parameters?.commands?.some((line) => line.includes('--node-labels=')),
    );
    expect(written).toHaveLength(4);
    for (const command of written) {
      expect(command.Parameters?.commands?.join('\n')).toMatch(
        /--node-labels=.*hybrid-bot\.io\/site=store-20/,
      );
    }
  }, 120_000);

  it("grows by 2 hosts registered through the bulk form, with the pool's own labels and taint", async () => {
    t.slack.clear();
    await t.command('pool add tills --cluster demo --hosts store20-edge-05,store20-edge-06', {
      user: 'U0OPERATOR',
    });
    await approveChange(t, 'Add 2 hosts to pool tills');
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Add 2 hosts'),
      90_000,
    );
    const nodes = await poolNodes('tills');
    expect(nodes).toHaveLength(6);
    expect(nodes.every((n) => n.metadata.labels['example.com/tier'] === 'pos')).toBe(true);
  }, 120_000);

  it('shrinks by 1: the node is drained and deleted, SSM deregistered, the host back needing a new activation', async () => {
    t.slack.clear();
    const id = instances.get(edgeHost(6))!;
    await t.command('pool remove tills --cluster demo --hosts store20-edge-06', { user: 'U0OPERATOR' });
    const request = await approveChange(t, 'Remove 1 host from pool tills');
    expect(text(request)).toContain('needing a new activation');
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Remove 1 host'),
      90_000,
    );
    expect((await poolNodes('tills')).map((n) => n.metadata.name)).not.toContain(id);
    const managed = t.sim.control.state().managedInstances.map((i: { instanceId: string }) => i.instanceId);
    expect(managed).not.toContain(id);
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    expect(effects[edgeHost(6)]?.['nodeadm uninstall']).toBe(1);
    const record = await readHost(t.inspect, edgeHost(6));
    expect(record.status).toBe('left-pool');
    expect(await new PoolStore(t.inspect).poolOf('demo', edgeHost(6))).toBeUndefined();

    // The uninstall step reports its own uninstall as done, not as one that happened before it.
    const { id: changeId } = JSON.parse(String((buttonsIn(request.args)[0] as { value: string }).value)) as {
      id: string;
    };
    t.slack.clear();
    await t.command(`change show ${changeId}`, { user: 'U0OPERATOR' });
    const shown = text(
      await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes(`Change ${changeId}`), 20_000),
    );
    expect(shown).toContain('nodeadm uninstall on store20-edge-06: nodeadm uninstall done');
    expect(shown).not.toContain('uninstalled before');

    t.slack.clear();
    await t.command(`host show ${edgeHost(6)}`, { user: 'U0OPERATOR' });
    const host = text(
      await t.waitForCall(
        (c) => c.kind === 'response_url' && text(c).includes(`Host ${edgeHost(6)}`),
        20_000,
      ),
    );
    expect(host).toContain(
      'left pool tills · needs a new activation (`/hybrid host reissue store20-edge-06`)',
    );
    expect(host).not.toMatch(/activation (expired|pending)/);
  }, 120_000);
});

describe('a host that fails to join', () => {
  it("pauses the change with nodeadm's words in the thread; Retry after the fix completes it", async () => {
    t.slack.clear();
    // store20-edge-06 went back to the inventory: a new activation registers it again; then its init fails.
    await t.command('host reissue store20-edge-06', { user: 'U0OPERATOR' });
    const reissued = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        text(c).includes('store20-edge-06') &&
        text(c).includes('new activation'),
      20_000,
    );
    expect(text(reissued)).toContain('left pool tills');
    expect(text(reissued)).not.toContain('expired');
    instances.set(edgeHost(6), await bootstrapAtHost(t, edgeHost(6)));
    t.sim.control.clearEffects();
    t.sim.control.setFault({
      host: edgeHost(6),
      nodeadm: 'init',
      message: 'kubelet failed to start: disk full',
    });
    await t.command('pool add tills --cluster demo --hosts store20-edge-06', { user: 'U0OPERATOR' });
    await approveChange(t, 'Add 1 host to pool tills');
    const paused = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' && text(c).includes('nodeadm init') && text(c).includes('disk full'),
      90_000,
    );
    expect(text(paused)).toContain('The change is paused');
    const message = await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('Retry step'),
      30_000,
    );
    t.sim.control.clearFaults();
    const retry = buttonsIn(message.args).find(
      (b) => (b as { action_id: string }).action_id === 'change_retry',
    );
    await t.interaction(
      buttonClick('U0APPROVER', retry as never, {
        messageTs: '1700000001.000300',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Add 1 host'),
      90_000,
    );
    expect(await poolNodes('tills')).toHaveLength(6);
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    // The simulator counts successful runs: the injected failure left no join, the retry made one.
    expect(effects[edgeHost(6)]?.['nodeadm init']).toBe(1);
    expect(effects[edgeHost(6)]?.['nodeadm install']).toBe(1);
  }, 150_000);
});

describe('aborting a pool change part way', () => {
  it('releases the host that never joined, says what ran on it, and leaves the pool without drift', async () => {
    const host = edgeHost(7);
    instances.set(host, await registerAtHost(t, host, '10.80.20.17'));
    t.slack.clear();
    t.sim.control.setFault({ host, nodeadm: 'init', message: 'kubelet failed to start: disk full' });
    await t.command(`pool add tills --cluster demo --hosts ${host}`, { user: 'U0OPERATOR' });
    // The request names the host: the last change's thread notes, paced, may still arrive with its title.
    const request = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        text(c).includes('Add 1 host to pool tills') &&
        text(c).includes(`node on host ${host}`),
      30_000,
    );
    await t.interaction(
      buttonClick('U0APPROVER', buttonsIn(request.args)[0] as never, {
        messageTs: '1700000001.000300',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    const message = await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes(host) && text(c).includes('Retry step'),
      90_000,
    );
    t.sim.control.clearFaults();
    const abort = buttonsIn(message.args).find(
      (b) => (b as { action_id: string }).action_id === 'change_abort',
    );
    await t.interaction(
      buttonClick('U0APPROVER', abort as never, {
        messageTs: '1700000001.000300',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    const note = text(
      await t.waitForCall((c) => c.method === 'chat.postMessage' && text(c).includes('Aborted by'), 30_000),
    );
    expect(note).toContain(
      `${host}: \`nodeadm install 1.31\` done, NodeConfig written; not joined. Released from pool tills, back in the inventory (still registered with SSM)`,
    );
    expect(await new PoolStore(t.inspect).poolOf('demo', host)).toBeUndefined();
    t.slack.clear();
    await t.command('pool show tills --cluster demo', { user: 'U0OPERATOR' });
    const shown = text(
      await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('tills'), 20_000),
    );
    expect(shown).not.toContain(host);
    expect(shown).toContain('No drift');
  }, 150_000);
});
