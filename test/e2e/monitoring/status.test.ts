import { SITE_LABEL } from '../../../src/domain/bot-labels';
import { startTestBot, TEST_CLUSTERS, type TestBot } from '../../support/test-bot';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ file: { clusters: TEST_CLUSTERS } });
  t.sim.control.addHybridNodes('demo', { count: 6, sites: ['store-12', 'plant-3'], siteLabel: SITE_LABEL });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => {
  t.slack.clear();
  t.sim.control.clearFaults();
});

const textOf = (body: unknown) => JSON.stringify(body);

async function reply(command: string, marker: string) {
  const res = await t.command(command, { user: 'U0VIEWER' });
  expect(res.status).toBe(200);
  const call = await t.waitForCall((c) => c.kind === 'response_url' && textOf(c.args).includes(marker));
  return { text: String(call.args.text), all: textOf(call.args), args: call.args };
}

describe('/hybrid status', () => {
  it('shows agent-node availability, the agent pod and hybrid nodes Ready, details behind a button', async () => {
    const { text, all } = await reply('status demo', 'Status: demo');
    expect(text).toContain('*demo* · ACTIVE');
    expect(text).toContain('agent nodes 1/1 Ready');
    expect(text).toMatch(/agent Running on \S+/);
    expect(text).toContain('hybrid 6/6 Ready');
    expect(all).not.toContain('By site');
    expect(all).toContain('status_details');

    t.slack.clear();
    const click = await t.interaction({
      type: 'block_actions',
      team: { id: 'T0SIM', domain: 'sim' },
      user: { id: 'U0VIEWER', username: 'viewer', team_id: 'T0SIM' },
      api_app_id: 'A0HYBRID',
      token: 'deprecated',
      trigger_id: '7.7.7',
      channel: { id: 'C0OPS', name: 'ops' },
      response_url: t.slack.responseUrl(),
      actions: [
        {
          type: 'button',
          action_id: 'status_details',
          block_id: 'b1',
          value: 'demo',
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
    expect(click.status).toBe(200);
    const details = await t.waitForCall(
      (c) => c.kind === 'response_url' && textOf(c.args).includes('By site'),
    );
    const shown = textOf(details.args);
    expect(shown).toContain('store-12: 3/3 Ready');
    expect(shown).toContain('plant-3: 3/3 Ready');
    expect(shown).toContain('By pool');
  });

  it('counts NotReady nodes by site with --details', async () => {
    const host = t.sim.control.state().hosts.find((h) => h.cluster === 'demo' && h.site === 'plant-3');
    const node = String(host?.nodeName);
    t.sim.control.setNodeReady(node, false, 'demo');
    const { text, all } = await reply('status demo --details', 'By site');
    expect(text).toContain('hybrid 5/6 Ready · *1 NotReady*');
    expect(all).toContain('plant-3: 2/3 Ready');
    // It names the host that is down (these nodes are not in the inventory: their mi- ID alone).
    expect(all).toContain(`*NotReady:* ${node}`);
    t.sim.control.setNodeReady(node, true, 'demo');
  });

  it('gives one line per configured cluster without a cluster', async () => {
    const { text } = await reply('status', 'Status of every cluster');
    const lines = text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('*demo*');
    expect(lines[1]).toContain('*legacy*');
    // legacy's only worker is a t3.medium: the line says so rather than "agent nodes 0/0 Ready".
    expect(lines[1]).toContain('no cloud worker of t3.xlarge size or more for the agent');
    expect(lines[1]).toMatch(/agent Running on \S+, a worker below t3.xlarge size/);
  });

  it('says "unknown", never nodes down, when the Kubernetes API fails', async () => {
    t.sim.control.setFault({ service: 'kubernetes', errorRate: 1 });
    const { text } = await reply('status demo', 'Status: demo');
    expect(text).toContain('state unknown');
    expect(text).not.toMatch(/NotReady|0\/\d+ Ready/);
  });

  it('says "unknown" when the AWS API fails', async () => {
    t.sim.control.setFault({ service: 'eks', errorRate: 1 });
    const { text } = await reply('status demo', 'Status: demo');
    expect(text).toContain('state unknown');
  });
});
