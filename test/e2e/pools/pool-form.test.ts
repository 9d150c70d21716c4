import { HostInventory } from '../../../src/adapters/redis/inventory';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { hostsFile, viewSubmission } from '../hosts-support';
import { text } from './pool-support';

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
});
afterAll(async () => {
  await t.stop();
});

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
    const listed = text(open);
    expect(listed).toContain('demo/store20-edge-01');
    expect(listed).toContain('legacy/plant9-edge-01');
    expect(listed).not.toContain('store20-edge-09');
  });

  it('shows problems under their fields and starts nothing', async () => {
    const res = await t.interaction(
      submission(
        {
          cluster: { selected: 'demo' },
          name: 'Tills',
          profile: { selected: 'edge-standard@1.0.0' },
          arch: { selected: 'amd64' },
          labels: 'kubernetes.io/role=pos',
          taints: 'dedicated=pos:Sometimes',
        },
        ['demo/store20-edge-01', 'legacy/plant9-edge-01'],
      ),
    );
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['hosts', 'labels', 'name', 'taints']);
    expect(body.errors.hosts).toContain('Not registered for demo: plant9-edge-01');
    expect(await t.inspect.keys('{hb}:change:*')).toEqual([]);
  });

  it('hands a valid form to the job, which checks the rest as for the text form', async () => {
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
    // No such profile: the job says so in the requester's direct messages.
    const reply = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'U0OPERATOR',
    );
    expect(text(reply)).toContain('edge-standard');
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
        state: { values: {} },
      },
    });
    const body = res.json() as { option_groups: { options: { value: string }[] }[] };
    if (!body.option_groups) throw new Error(`${res.status} ${res.body}`);
    expect(body.option_groups.flatMap((g) => g.options.map((o) => o.value))).toEqual(
      Array.from({ length: 10 }, (_, i) => `demo/mall05${i}-edge`),
    );
  });
});
