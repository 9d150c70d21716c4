import { ChangeStore } from '../../../src/adapters/redis/change-store';
import { HostInventory } from '../../../src/adapters/redis/inventory';
import { PoolStore } from '../../../src/adapters/redis/pool-store';
import { hostsFile, viewSubmission } from '../../support/hosts-support';
import { text } from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ file: hostsFile() });
  // The form lists the inventory: registered hosts of two clusters, one of them deregistered. They are
  // IAM Roles Anywhere hosts, which SSM does not know, so the inventory's reconcile keeps them as they are.
  const inventory = new HostInventory(t.inspect, { now: () => Date.now() });
  const host = (cluster: string, name: string, extra: Record<string, unknown> = {}) => ({
    name,
    cluster,
    site: 'store-20',
    auth: 'iam-ra' as const,
    arch: 'amd64' as const,
    deregistered: false,
    status: 'registered' as const,
    ...extra,
  });
  await inventory.put(host('demo', 'store20-edge-01'));
  await inventory.put(host('demo', 'store20-edge-02'));
  await inventory.put(host('legacy', 'plant9-edge-01'));
  await inventory.put(host('demo', 'store20-edge-09', { deregistered: true, status: 'deregistered' }));
  // Not for a pool: an arm64 host is listed apart; one already in a pool and an SSM host whose
  // activation was never used are not listed at all.
  await inventory.put(host('demo', 'store20-edge-03', { arch: 'arm64' }));
  await inventory.put(host('demo', 'store20-edge-04'));
  await inventory.put(
    host('demo', 'store20-edge-05', { auth: 'ssm', activationId: 'a5', status: 'activation-pending' }),
  );
  const pools = new PoolStore(t.inspect);
  await pools.create({
    cluster: 'demo',
    name: 'kiosks',
    profile: { name: 'edge-standard', version: '1.0.0' },
    arch: 'amd64',
    labels: {},
    taints: [],
    maxParallel: 5,
    createdBy: 'U0OPERATOR',
    createdAt: 0,
  });
  await pools.addMember('demo', 'kiosks', 'store20-edge-04');
  await t.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes('edge-standard@1.0.0'));
});
afterAll(async () => {
  await t.stop();
});

interface OptionGroup {
  label: { text: string };
  options: { value: string }[];
}

/** The form as Slack submits it, with the hosts multi-select's picks. */
function submission(values: Record<string, string | { selected: string }>, hosts: string[]) {
  const payload = viewSubmission('U0OPERATOR', 'pool_create', values) as {
    view: { state: { values: Record<string, unknown> } };
  };
  payload.view.state.values.hosts = {
    value: { type: 'multi_static_select', selected_options: hosts.map((value) => ({ value })) },
  };
  return payload;
}

describe('/hybrid pool create through the form', () => {
  it('opens the form alone, listing the registered hosts by cluster', async () => {
    await t.command('pool create', { user: 'U0OPERATOR' });
    const open = await t.waitForCall((c) => c.method === 'views.open');
    const view = open.args.view as { callback_id: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('pool_create');
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'cluster',
      'name',
      'profile',
      'arch',
      'hosts',
      'labels',
      'taints',
      'max_parallel',
    ]);
    const hosts = (
      open.args.view as { blocks: { block_id: string; element: { option_groups: OptionGroup[] } }[] }
    ).blocks.find((b) => b.block_id === 'hosts');
    const groups = Object.fromEntries(
      (hosts?.element.option_groups ?? []).map((g) => [g.label.text, g.options.map((o) => o.value)]),
    );
    expect(groups).toEqual({
      'demo · amd64': ['demo/store20-edge-01', 'demo/store20-edge-02'],
      'demo · arm64': ['demo/store20-edge-03'],
      'legacy · amd64': ['legacy/plant9-edge-01'],
    });
  });

  it('shows problems under their fields and starts nothing', async () => {
    t.slack.clear();
    const res = await t.interaction(
      submission(
        {
          cluster: { selected: 'demo' },
          name: 'Tills',
          profile: { selected: 'edge-standard@9.9.9' },
          arch: { selected: 'amd64' },
          labels: 'kubernetes.io/role=pos',
          taints: 'dedicated=pos:Sometimes',
        },
        ['demo/store20-edge-01', 'legacy/plant9-edge-01', 'demo/store20-edge-03', 'demo/store20-edge-04'],
      ),
    );
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['hosts', 'labels', 'name', 'profile', 'taints']);
    expect(body.errors.name).toContain('Pool name "Tills" is invalid');
    expect(body.errors.profile).toContain('edge-standard has no version 9.9.9: it has 1.0.0');
    expect(body.errors.hosts).toBe(
      'Host plant9-edge-01 is registered for cluster legacy, not demo. Host store20-edge-03 is arm64; the pool is amd64. Host store20-edge-04 is already in pool kiosks.',
    );
    expect(await new ChangeStore(t.inspect).list()).toEqual([]);
  });

  it('names a pool that exists under its field, with the form kept open', async () => {
    t.slack.clear();
    const res = await t.interaction(
      submission(
        {
          cluster: { selected: 'demo' },
          name: 'kiosks',
          profile: { selected: 'edge-standard@1.0.0' },
          arch: { selected: 'amd64' },
        },
        ['demo/store20-edge-01'],
      ),
    );
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body).toEqual({
      response_action: 'errors',
      errors: {
        name: 'Pool kiosks already exists in demo: pick another name, or grow it with `/hybrid pool add`.',
      },
    });
    expect(await new ChangeStore(t.inspect).list()).toEqual([]);
  });

  it('hands a valid form to the job, which asks an approver', async () => {
    const res = await t.interaction(
      submission(
        {
          cluster: { selected: 'demo' },
          name: 'tills',
          profile: { selected: 'edge-standard@1.0.0' },
          arch: { selected: 'amd64' },
        },
        ['demo/store20-edge-01'],
      ),
    );
    expect(res.body).toBe('');
    const request = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'C0OPS' && text(c).includes('pool tills'),
      30_000,
    );
    expect(request.args.text).toBe('Change 1: Create pool tills (1 host): waiting for approval');
  });

  it('past 100 hosts, searches them as the user types', async () => {
    const inventory = new HostInventory(t.inspect, { now: () => Date.now() });
    for (let i = 0; i < 101; i++) {
      await inventory.put({
        name: `mall${String(i).padStart(3, '0')}-edge`,
        cluster: 'demo',
        site: 'mall',
        auth: 'iam-ra',
        deregistered: false,
        status: 'registered',
      });
    }
    await inventory.put({
      name: 'mall050-edge',
      cluster: 'legacy',
      site: 'mall',
      auth: 'iam-ra',
      deregistered: false,
      status: 'registered',
    });
    t.slack.clear();
    await t.command('pool create', { user: 'U0OPERATOR' });
    const open = await t.waitForCall((c) => c.method === 'views.open');
    const hosts = (
      open.args.view as { blocks: { block_id: string; element: { type: string } }[] }
    ).blocks.find((b) => b.block_id === 'hosts');
    expect(hosts?.element.type).toBe('multi_external_select');
    const res = await t.interaction({
      type: 'block_suggestion',
      team: { id: 'T0SIM', domain: 'sim' },
      user: { id: 'U0OPERATOR', team_id: 'T0SIM' },
      api_app_id: 'A0HYBRID',
      token: 'deprecated',
      action_id: 'value',
      block_id: 'hosts',
      value: 'mall05',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'pool_create',
        private_metadata: '{}',
        // What the form holds so far: only hosts of that cluster are offered.
        state: {
          values: {
            cluster: { value: { type: 'static_select', selected_option: { value: 'demo' } } },
            arch: { value: { type: 'static_select', selected_option: { value: 'amd64' } } },
          },
        },
      },
    });
    const body = res.json() as { option_groups: { options: { value: string }[] }[] };
    if (!body.option_groups) throw new Error(`${res.status} ${res.body}`);
    expect(body.option_groups.flatMap((g) => g.options.map((o) => o.value))).toEqual(
      Array.from({ length: 10 }, (_, i) => `demo/mall05${i}-edge`),
    );
  });
});
