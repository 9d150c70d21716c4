import { AUDIT_STREAM } from '../../src/adapters/redis/audit-log';
import { FIELD_BLOCKS, HOST_REGISTER_VIEW, INPUT_ACTION } from '../../src/blocks/hosts/register-modal';
import type { AuditEntry } from '../../src/domain/audit-entry';
import { clickPayload, PROTOTYPE_NAMES, submissionPayload } from '../support/hostile-requests';
import { startTestBot, type TestBot } from '../support/test-bot';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => t.slack.clear());

/** The audit entry that matches, once written (the ack goes out first). */
async function audited(match: Partial<AuditEntry>): Promise<AuditEntry | undefined> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const rows = await t.inspect.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', 200);
    const found = rows
      .map(([, fields]) => JSON.parse(fields[1] ?? '{}') as AuditEntry)
      .find((e) => Object.entries(match).every(([k, v]) => e[k as keyof AuditEntry] === v));
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every text a reply shows (fallback text and blocks), as one string. */
const shown = (body: Record<string, unknown>) => JSON.stringify(body);

describe('button and form IDs are looked up in a Map', () => {
  it.each(PROTOTYPE_NAMES)(
    'a click on a button with action_id %s is acked at once and audited as ignored',
    async (id) => {
      const res = await t.interaction(clickPayload(id, t.slack.responseUrl()));
      expect(res.status).toBe(200);
      expect(res.body).toBe('');
      expect(
        await audited({ user: 'U0OPERATOR', command: `button ${id}`, outcome: 'ignored' }),
      ).toBeDefined();
    },
  );

  it.each(PROTOTYPE_NAMES)(
    'a form submitted with callback_id %s is acked at once and audited as ignored',
    async (id) => {
      const res = await t.interaction(submissionPayload(id));
      expect(res.status).toBe(200);
      expect(await audited({ command: `form ${id}`, outcome: 'ignored' })).toBeDefined();
    },
  );
});

describe('a form whose fields are not text', () => {
  it('gets its field errors back instead of a 500', async () => {
    const payload = submissionPayload(HOST_REGISTER_VIEW);
    const view = payload.view as Record<string, unknown>;
    view.state = {
      values: { [FIELD_BLOCKS.name]: { [INPUT_ACTION]: { type: 'plain_text_input', value: 42 } } },
    };
    const res = await t.interaction(payload);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ response_action: 'errors' });
  });
});

describe('text a user typed is shown, never acted on, wherever it is echoed', () => {
  const MENTIONS = ['<!channel>', '<!here>', '<!subteam^S0OPS>'];
  const escaped = (m: string) => m.replace(/</g, '&lt;').replace(/>/g, '&gt;');

  it.each(MENTIONS)('a usage error quotes %s escaped', async (mention) => {
    const res = await t.command(`${mention} ping`);
    expect(res.status).toBe(200);
    const text = shown(res.json());
    expect(text).toContain(escaped(mention));
    expect(text).not.toContain(mention);
  });

  it('a failed job quotes the unknown cluster escaped', async () => {
    await t.command('doctor "<!channel>"');
    const reply = await t.waitForCall((c) => c.kind === 'response_url' && shown(c.args).includes('failed'));
    expect(shown(reply.args)).toContain('&lt;!channel&gt;');
    expect(shown(reply.args)).not.toContain('<!channel>');
  });

  it('/hybrid changes names an unknown cluster as every command does, escaped', async () => {
    await t.command('changes --cluster "<!here>"');
    const reply = await t.waitForCall((c) => c.kind === 'response_url' && shown(c.args).includes('failed'));
    expect(shown(reply.args)).toContain('No cluster named `&lt;!here&gt;` is configured: use `');
    expect(shown(reply.args)).not.toContain('<!here>');
  });

  it('the inventory quotes its filter escaped', async () => {
    await t.command('hosts --site "<!here>"');
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && shown(c.args).includes('Edge hosts'),
    );
    expect(shown(reply.args)).toContain('&lt;!here&gt;');
    expect(shown(reply.args)).not.toContain('<!here>');
  });

  it('the audit list shows stored commands escaped', async () => {
    await t.command('ping <!subteam^S0OPS|@ops>', { user: 'U0ADMIN' });
    await t.command('audit --limit 5', { user: 'U0ADMIN' });
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && shown(c.args).includes('Audit trail'),
    );
    expect(shown(reply.args)).toContain('&lt;!subteam^S0OPS|@ops&gt;');
    expect(shown(reply.args)).not.toContain('<!subteam');
  });
});
