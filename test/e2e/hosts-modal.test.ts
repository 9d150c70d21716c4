import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HostInventory } from '../../src/adapters/redis/inventory';
import { ClusterInfoCache } from '../../src/adapters/redis/inventory-cluster-info';
import { jobsDrained } from '../support/barriers';
import { readHost } from '../support/host-records';
import { hostsFile, registerForm, secretsIn, viewSubmission } from '../support/hosts-support';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

let t: TestBot;
let files: Server;
let csvBody = '';
beforeAll(async () => {
  t = await startTestBot({ file: hostsFile() });
  // Stands in for files.slack.com: serves the CSV a user shared through the bulk form.
  files = createServer((_req, res) => res.end(csvBody));
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  // The periodic reconcile learns the clusters' facts, which the forms check fields against.
  await until('the facts of demo', () => new ClusterInfoCache(t.inspect).get('demo'));
});
afterAll(async () => {
  files.close();
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const form = registerForm;
const issuedCodes: string[] = [];

describe('/hybrid host register through the form', () => {
  it('opens the form when given no arguments', async () => {
    await t.command('host register');
    const open = await t.waitForCall((c) => c.method === 'views.open');
    const view = open.args.view as { callback_id: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('host_register');
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'cluster',
      'name',
      'site',
      'ip',
      'arch',
      'auth',
      'k8s',
      'join',
    ]);
  });

  it('shows errors next to the wrong fields', async () => {
    const res = await t.interaction(
      viewSubmission(
        'U0OPERATOR',
        'host_register',
        form({ name: 'Plant3_Edge', ip: '192.168.50.10', k8s: '1.20' }),
      ),
    );
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['ip', 'k8s', 'name']);
    expect(body.errors.ip).toContain('outside the remote node networks');
  });

  it('registers through SSM: the bootstrap goes to the requester in a DM', async () => {
    const res = await t.interaction(viewSubmission('U0OPERATOR', 'host_register', form()));
    expect(res.body).toBe('');
    const dm = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'U0OPERATOR' &&
        text(c).includes('Bootstrap plant3-edge-02'),
    );
    const secret = secretsIn(text(dm));
    issuedCodes.push(secret.activationCode);
    await t.waitForCall(
      (c) =>
        c.args.channel === 'C0OPS' && text(c).includes('plant3-edge-02* (plant-3, 10.80.2.22) was issued'),
    );
    // Join left unticked: registration only.
    expect(text(dm)).toContain('amazon-ssm-agent -register');
    expect(text(dm)).not.toContain('nodeadm init');
    t.sim.control.bootstrapHost('plant3-edge-02', secret);
    await t.waitForCall(
      (c) =>
        text(c).includes('plant3-edge-02* registered as `mi-') && text(c).includes('It can go into a pool'),
      20_000,
    );
  }, 30_000);

  it('registers through IAM Roles Anywhere with Join ticked: the one-step NodeConfig', async () => {
    await t.interaction(
      viewSubmission(
        'U0OPERATOR',
        'host_register',
        form({
          name: 'plant3-edge-03',
          ip: '10.80.2.23',
          arch: { selected: 'arm64' },
          auth: { selected: 'iam-ra' },
          join: { checked: ['join'] },
        }),
      ),
    );
    const dm = await t.waitForCall(
      (c) => c.args.channel === 'U0OPERATOR' && text(c).includes('Bootstrap plant3-edge-03'),
    );
    expect(text(dm)).toContain('nodeName: plant3-edge-03');
    expect(text(dm)).toContain('--credential-provider iam-ra');
    expect(text(dm)).toContain('nodeadm init -c file:///etc/hybrid-bot/nodeconfig.yaml');
    expect(await readHost(t.inspect, 'plant3-edge-03')).toMatchObject({
      join: true,
      status: 'activation-pending',
    });
  });

  it('--join alone opens the form with Join ticked', async () => {
    t.slack.clear();
    await t.command('host register --join');
    const open = await t.waitForCall((c) => c.method === 'views.open');
    const view = open.args.view as { callback_id: string; blocks: { block_id: string; element: unknown }[] };
    expect(view.callback_id).toBe('host_register');
    const join = view.blocks.find((b) => b.block_id === 'join')?.element as { initial_options?: unknown[] };
    expect(join.initial_options).toHaveLength(1);
  });
});

describe('/hybrid host register --bulk', () => {
  it('opens the CSV form and lists every bad row at once, creating nothing', async () => {
    await t.command('host register --bulk');
    await t.waitForCall((c) => c.method === 'views.open' && text(c).includes('host_register_bulk'));
    const before = t.sim.control.state().activations.length;
    const csv =
      'name,site,ip\nb-good-1,plant-3,10.80.2.101\nB_BAD,plant-3,10.80.2.102\nb-out,plant-3,192.168.1.1\n';
    const res = await t.interaction(
      viewSubmission('U0OPERATOR', 'host_register_bulk', { cluster: { selected: 'demo' }, k8s: '', csv }),
    );
    const errors = (res.json() as { errors: Record<string, string> }).errors.csv ?? '';
    expect(errors).toContain('Line 3:');
    expect(errors).toContain('Line 4:');
    expect(errors).not.toContain('Line 2:');
    await jobsDrained(t.inspect);
    expect(t.sim.control.state().activations.length).toBe(before);
  });

  it('registers 200 hosts from a shared file under 20% throttling: no duplicate activation, one progress message, one file of secrets', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    csvBody = [
      'name,site,ip',
      ...names.map((n, i) => `${n},store-12,10.80.${3 + Math.floor(i / 250)}.${(i % 250) + 1}`),
    ].join('\n');
    t.sim.control.setFault({ service: 'ssm', operation: 'CreateActivation', throttleRate: 0.2 });
    const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/files-pri/T0SIM-F0CSV/download/hosts.csv`;
    await t.interaction(
      viewSubmission('U0OPERATOR', 'host_register_bulk', {
        cluster: { selected: 'demo' },
        k8s: '',
        csv: '',
        csv_file: { files: [{ id: 'F0CSV', name: 'hosts.csv', url_private_download: url }] },
      }),
    );
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('Done: 200 of 200 hosts issued'),
      90_000,
    );
    t.sim.control.clearFaults();

    const activations = t.sim.control
      .state()
      .activations.filter((a: { defaultInstanceName?: string }) =>
        names.includes(a.defaultInstanceName ?? ''),
      );
    expect(
      new Set(activations.map((a: { defaultInstanceName?: string }) => a.defaultInstanceName)).size,
    ).toBe(200);
    expect(activations).toHaveLength(200);

    const progressPosts = t.slack
      .calls()
      .filter((c) => c.method === 'chat.postMessage' && text(c).includes('Bulk registration'));
    expect(progressPosts).toHaveLength(1);
    // All the secrets in one file, shared in the requester's direct messages only.
    const shared = t.slack.calls().filter((c) => c.method === 'files.completeUploadExternal');
    expect(shared).toHaveLength(1);
    expect(shared[0]?.args.channel_id).toBe('D0U0OPERATOR');
    const uploads = t.slack.calls().filter((c) => c.kind === 'upload');
    expect(uploads).toHaveLength(1);
    const rows = String(uploads[0]?.args.content)
      .split('\n')
      .filter((line) => line.startsWith('bulk-'))
      .map((line) => line.split(','));
    expect(rows.map((r) => r[0]).sort()).toEqual(names);
    for (const [, id, code] of rows) {
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      issuedCodes.push(code ?? '');
    }
    await t.waitForCall(
      (c) => c.args.channel === 'U0OPERATOR' && text(c).includes('in a file in your direct messages'),
    );
    expect(issuedCodes.length).toBeGreaterThanOrEqual(201);
    const inventory = (await new HostInventory(t.inspect).list('demo')).length;
    expect(inventory).toBeGreaterThanOrEqual(200);
    // Join left unticked: the file's commands register each host only.
    expect(text(shared[0] as never)).toContain('amazon-ssm-agent -register');
    expect(text(shared[0] as never)).not.toContain('nodeadm init');
    expect(await readHost(t.inspect, 'bulk-000')).not.toHaveProperty('join');
  }, 120_000);

  it('with Join ticked, sends the one-step commands and records the hosts as joining', async () => {
    t.slack.clear();
    await t.interaction(
      viewSubmission('U0OPERATOR', 'host_register_bulk', {
        cluster: { selected: 'demo' },
        k8s: '',
        csv: 'name,site,ip\njoin-001,store-12,10.80.5.1\njoin-002,plant-3,10.80.5.2\n',
        join: { checked: ['join'] },
      }),
    );
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('Done: 2 of 2 hosts issued'),
      30_000,
    );
    const shared = t.slack.calls().filter((c) => c.method === 'files.completeUploadExternal');
    expect(shared).toHaveLength(1);
    expect(text(shared[0] as never)).toContain('nodeadm init -c file:///etc/hybrid-bot/nodeconfig.yaml');
    // One NodeConfig for all: each node's site label comes from its own line, not the first host's.
    expect(text(shared[0] as never)).toContain('--node-labels=hybrid-bot.io/site=<SITE>');
    const content = String(t.slack.calls().find((c) => c.kind === 'upload')?.args.content);
    expect(content).toMatch(/^join-001,[0-9a-f-]{36},[^,]+,store-12$/m);
    expect(content).toMatch(/^join-002,[0-9a-f-]{36},[^,]+,plant-3$/m);
    for (const line of content.split('\n').filter((l) => l.startsWith('join-'))) {
      issuedCodes.push(line.split(',')[2] ?? '');
    }
    expect(await readHost(t.inspect, 'join-001')).toMatchObject({ join: true });
  }, 60_000);
});

describe('activation codes stay secret', () => {
  it('appear in no channel message, log line or Redis key: only in the messages to the requester', async () => {
    expect(issuedCodes.length).toBeGreaterThan(0);
    await jobsDrained(t.inspect);
    // Files are only ever shared in a direct message with the requester (checked in the bulk test).
    const toRequester = (c: { method: string; kind: string; args: Record<string, unknown> }) =>
      c.args.channel === 'U0OPERATOR' ||
      c.kind === 'upload' ||
      (c.kind === 'response_url' && c.args.response_type === 'ephemeral');
    const elsewhere = t.slack
      .calls()
      .filter((c) => !toRequester(c))
      .map(text)
      .join('\n');
    const logs = t.logLines.join('\n');
    const keys = await t.inspect.keys('*');
    const stored: string[] = [];
    for (const k of keys) {
      const type = await t.inspect.type(k);
      if (type === 'string') stored.push((await t.inspect.get(k)) ?? '');
      else if (type === 'hash') stored.push(JSON.stringify(await t.inspect.hgetall(k)));
      else if (type === 'stream') stored.push(JSON.stringify(await t.inspect.xrange(k, '-', '+')));
      else if (type === 'list') stored.push(JSON.stringify(await t.inspect.lrange(k, 0, -1)));
      else if (type === 'zset') stored.push(JSON.stringify(await t.inspect.zrange(k, '0', '-1')));
    }
    const redis = stored.join('\n');
    for (const code of issuedCodes) {
      expect(elsewhere.includes(code)).toBe(false);
      expect(logs.includes(code)).toBe(false);
      expect(redis.includes(code)).toBe(false);
    }
  });
});
