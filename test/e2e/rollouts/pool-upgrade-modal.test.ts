import type { SlackCall } from '../../../sim/slack/fake-slack';
import { ChangeStore } from '../../../src/adapters/redis/change-store';
import { buttonClick, buttonsIn, hostsFile, viewSubmission } from '../../support/hosts-support';
import { approveChange, edgeHost, poolScenario, registerAtHost, text } from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

let t: TestBot;
/** Every change the bot has recorded. */
const changes = () => new ChangeStore(t.inspect).list(1000);
const HOSTS = [1, 2].map(edgeHost);
const TITLE = 'Roll edge@1.1.0 out to pool tills (2 nodes)';

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(2),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 20_000);
  }
  for (const [i, host] of HOSTS.entries()) await registerAtHost(t, host, `10.80.20.${i + 11}`);
  await t.command(`pool create tills --cluster demo --profile edge@1.0.0 --hosts ${HOSTS.join(',')}`, {
    user: 'U0OPERATOR',
  });
  await approveChange(t, 'Create pool tills (2 hosts)');
  await t.waitForCall(
    (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('Create pool tills'),
    60_000,
  );
}, 120_000);
afterAll(async () => {
  await t.stop();
});

type View = {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: { block_id?: string; element?: { options?: { value: string }[] } }[];
};

/** `pool show tills`, as the operator; returns its Upgrade button. */
async function upgradeButton(): Promise<{ action_id: string; value: string }> {
  t.slack.clear();
  await t.command('pool show tills --cluster demo', { user: 'U0OPERATOR' });
  const shown = await t.waitForCall(
    (c) => c.kind === 'response_url' && text(c).includes('Pool tills'),
    20_000,
  );
  const button = buttonsIn(shown.args).find((b) => (b as { action_id: string }).action_id === 'pool_upgrade');
  if (!button) throw new Error(`pool show has no Upgrade button: ${text(shown)}`);
  return button as { action_id: string; value: string };
}

async function openForm(): Promise<View> {
  const button = await upgradeButton();
  await t.interaction(buttonClick('U0OPERATOR', button, { responseUrl: t.slack.responseUrl() }));
  const open = await t.waitForCall((c) => c.method === 'views.open');
  return open.args.view as View;
}

/** The form submitted as Slack sends it: the view's own private_metadata, the fields as filled in. */
function submit(
  view: View,
  fields: { target: string; maxUnavailable: string; window: string },
  user = 'U0OPERATOR',
) {
  const payload = viewSubmission(user, 'pool_upgrade', {
    target: { selected: fields.target },
    max_unavailable: fields.maxUnavailable,
    window: fields.window,
  }) as { view: { private_metadata: string; state: { values: Record<string, unknown> } } };
  payload.view.private_metadata = view.private_metadata;
  payload.view.state.values.max_unavailable = {
    value: { type: 'number_input', value: fields.maxUnavailable },
  };
  return t.interaction(payload);
}

/** What an approver reads of a change request: all but the change's ID, its expiry and who asked. */
const requestBody = (c: SlackCall) =>
  (c.args.blocks as { type: string }[])
    .filter((b) => b.type === 'header' || b.type === 'section')
    .map((b) => JSON.stringify(b));
const planHashOf = (c: SlackCall) =>
  (JSON.parse((buttonsIn(c.args)[0] as { value: string }).value) as { planHash: string }).planHash;
const changeRequest = () =>
  t.waitForCall(
    (c) => c.method === 'chat.postMessage' && c.args.channel === 'C0OPS' && text(c).includes(TITLE),
    30_000,
  );

describe("pool show's Upgrade button", () => {
  it('tells a viewer it needs the operator role and opens nothing', async () => {
    const button = await upgradeButton();
    await t.interaction(buttonClick('U0VIEWER', button, { responseUrl: t.slack.responseUrl() }));
    const refusal = await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('operator'));
    expect(text(refusal)).toContain('`/hybrid pool upgrade` needs the *operator* role');
    expect(t.slack.calls().some((c) => c.method === 'views.open')).toBe(false);
  });

  it('opens a form offering the newer version; a bad window or max unavailable is named under its field, a viewer is refused, and nothing changes', async () => {
    const changesBefore = (await changes()).length;
    const view = await openForm();
    expect(view.callback_id).toBe('pool_upgrade');
    expect(view.title.text).toBe('tills · edge@1.0.0');
    const target = view.blocks.find((b) => b.block_id === 'target');
    expect(target?.element?.options?.map((o) => o.value)).toEqual(['edge@1.1.0']);

    const res = await submit(view, { target: 'edge@1.1.0', maxUnavailable: '0', window: '22:00-25:00' });
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.window).toContain('22:00-25:00 is not HH:MM-HH:MM (UTC, 24-hour), e.g. 22:00-04:00');
    expect(body.errors.max_unavailable).toContain('0 is not a whole number of at least 1');
    const viewer = await submit(view, { target: 'edge@1.1.0', maxUnavailable: '1', window: '' }, 'U0VIEWER');
    expect((viewer.json() as { errors: Record<string, string> }).errors.target).toContain(
      'Upgrading pools needs the operator role',
    );
    // Refused before anything was accepted: no job, so no change and no message.
    expect((await changes()).length).toBe(changesBefore);
    expect(t.slack.calls().some((c) => text(c).includes(TITLE))).toBe(false);
  });

  it('plans the rollout the text command plans: same request, same summary, same plan', async () => {
    const changesBefore = (await changes()).length;
    const view = await openForm();
    const res = await submit(view, { target: 'edge@1.1.0', maxUnavailable: '1', window: '22:00-04:00' });
    expect(res.body).toBe('');
    const fromForm = await changeRequest();
    expect(text(fromForm)).toContain('Kubernetes 1.30 → 1.31');
    expect((await changes()).length).toBeGreaterThan(changesBefore);

    // Rejected, so the pool is free for the same request typed as a command.
    const reject = buttonsIn(fromForm.args).find(
      (b) => (b as { action_id: string }).action_id === 'change_reject',
    );
    await t.interaction(
      buttonClick('U0APPROVER', reject as never, {
        messageTs: '1700000001.000500',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes(TITLE) && text(c).includes('Rejected'),
    );
    t.slack.clear();
    await t.command(
      'pool upgrade tills --cluster demo --profile edge@1.1.0 --max-unavailable 1 --window 22:00-04:00',
      {
        user: 'U0OPERATOR',
      },
    );
    const typed = await changeRequest();
    expect(requestBody(fromForm)).toEqual(requestBody(typed));
    expect(planHashOf(fromForm)).toBe(planHashOf(typed));
  }, 45_000);

  it('offers only what a rollout on the control plane (1.31) would accept, says why not the newest, and /hybrid profiles agrees', async () => {
    await t.command('profile create edge --k8s 1.32 --version 1.2.0', { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes('edge@1.2.0* created'), 20_000);
    const view = (await openForm()) as View & { blocks: { hint?: { text: string } }[] };
    const target = view.blocks.find((b) => b.block_id === 'target') as (typeof view.blocks)[number];
    expect(target.element?.options?.map((o) => o.value)).toEqual(['edge@1.1.0']);
    expect(target.hint?.text).toContain(
      'Not offered: 1.2.0 needs Kubernetes 1.32; the control plane is 1.31.',
    );
    t.slack.clear();
    await t.command('profiles');
    const list = await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('edge'), 20_000);
    expect(text(list)).toContain(
      'updates available for demo/tills (1.1.0; 1.2.0 needs Kubernetes 1.32; the control plane is 1.31)',
    );
  }, 45_000);
});
