import { jobsDrained } from '../support/barriers';
import { readHost } from '../support/host-records';
import { buttonClick, buttonsIn, hostsFile, movableClock, secretsIn } from '../support/hosts-support';
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

async function register(name: string, ip: string): Promise<{ activationId: string; activationCode: string }> {
  await t.command(`host register ${name} --cluster demo --site store-12 --ip ${ip}`);
  const secret = await t.waitForCall(
    (c) => c.kind === 'response_url' && text(c).includes(`Bootstrap ${name}`),
  );
  return secretsIn(text(secret));
}

describe('the inventory', () => {
  it('lists hosts with status, shows one in full, and survives a wiped Redis through --refresh', async () => {
    const one = await register('store12-edge-01', '10.80.1.11');
    await register('store12-edge-03', '10.80.1.13');
    t.sim.control.bootstrapHost('store12-edge-01', one);
    await t.waitForCall((c) => text(c).includes('store12-edge-01* registered as'), 20_000);

    await t.command('hosts --cluster demo');
    const list = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('Edge hosts (cluster demo)'),
    );
    expect(text(list)).toMatch(
      /store12-edge-01\* · demo · store-12 · 10\.80\.1\.11 · registered · SSM · `mi-/,
    );
    expect(text(list)).toMatch(
      /store12-edge-03\* · demo · store-12 · 10\.80\.1\.13 · activation pending · SSM/,
    );

    await t.command('host show store12-edge-03');
    const shown = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('Host store12-edge-03'),
    );
    expect(text(shown)).toContain('<@U0OPERATOR>');
    expect(text(shown)).toContain('activation pending');
    expect(text(shown)).toContain('*Joins:* when a pool takes it');

    await t.inspect.del('{hb}:hosts:demo', '{hb}:hosts:clusters');
    t.slack.clear();
    await t.command('hosts --refresh --status registered');
    const rebuilt = await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('Edge hosts'));
    expect(text(rebuilt)).toMatch(/store12-edge-01\* · demo · store-12 · [^·]+ · registered/);
    const pending = await readHost(t.inspect, 'store12-edge-03');
    expect(pending).toMatchObject({
      status: 'activation-pending',
      site: 'store-12',
      requestedBy: 'U0OPERATOR',
    });
  }, 40_000);

  it('pages a long list within Block Kit limits, with a working Next page button', async () => {
    t.sim.control.addHybridNodes('demo', { count: 70, sites: ['plant-3'] });
    t.slack.clear();
    await t.command('hosts --refresh --cluster demo');
    const first = await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('page 1 of'));
    const blocks = first.args.blocks as { text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) expect((b.text?.text ?? '').length).toBeLessThanOrEqual(3000);
    const next = buttonsIn(first.args).find((b) => b.text.text === 'Next page');
    expect(next).toBeDefined();
    await t.interaction(buttonClick('U0SOMEONE', next as never, { responseUrl: t.slack.responseUrl() }));
    const second = await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('page 2 of'));
    expect(second.args.replace_original).toBe(true);
  }, 30_000);
});

describe('wording for a newcomer', () => {
  it('says what is wrong with a negative page and which flags a registration lacks', async () => {
    await t.command('hosts --page -1');
    const page = await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('--page'));
    expect(text(page)).toContain('`--page` must be a whole number from 1.');
    await t.command('host register web-1');
    const flags = await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('web-1'));
    expect(text(flags)).toContain('is missing --cluster, --site and --ip');
    expect(text(flags)).not.toContain('Cluster \\"\\"');
  }, 20_000);
});

describe('expiry and re-issue', () => {
  it('tells the channel when an activation expires, and the button sends a new one to the requester only', async () => {
    await register('plant3-edge-01', '10.80.2.21');
    await t.command(
      // With --join the bot waits for its node; without, it is registered once recorded.
      'host register plant3-edge-03 --cluster demo --site plant-3 --ip 10.80.2.23 --auth iam-ra --join',
    );
    await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('Bootstrap plant3-edge-03'));
    clock.advance(25 * 3_600_000);
    const notJoined = await t.waitForCall(
      (c) => text(c).includes('plant3-edge-03* (demo, plant-3) has not joined'),
      20_000,
    );
    expect(buttonsIn(notJoined.args)).toHaveLength(0);
    const expired = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('plant3-edge-01* (demo, store-12) expired'),
      20_000,
    );
    const button = buttonsIn(expired.args)[0];
    expect(button?.text.text).toBe('Issue a new activation');
    t.slack.clear();
    const messageTs = '1700000000.000200';
    const responseUrl = t.slack.responseUrl();
    await t.interaction(buttonClick('U0OPERATOR', button as never, { messageTs, responseUrl }));
    await t.interaction(buttonClick('U0OPERATOR', button as never, { messageTs, responseUrl }));
    const fresh = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('Bootstrap plant3-edge-01'),
    );
    expect(fresh.args.response_type).toBe('ephemeral');
    const { activationId, activationCode } = secretsIn(text(fresh));
    await jobsDrained(t.inspect);
    expect(t.slack.calls().filter((c) => text(c).includes('Bootstrap plant3-edge-01'))).toHaveLength(1);
    const live = t.sim.control
      .state()
      .activations.filter(
        (a: { defaultInstanceName?: string }) => a.defaultInstanceName === 'plant3-edge-01',
      );
    expect(live.map((a: { activationId: string }) => a.activationId)).toEqual([activationId]);
    t.sim.control.bootstrapHost('plant3-edge-01', { activationId, activationCode });
    await t.waitForCall((c) => text(c).includes('plant3-edge-01* registered as'), 20_000);
  }, 60_000);
});
