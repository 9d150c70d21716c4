import { findBootstraps } from '../../sim/console/bootstrap-finder';
import { DEMO_USERS } from '../../sim/console/console-server';
import { mrkdwnToHtml, withHtml } from '../../sim/console/mrkdwn';
import { Workspace } from '../../sim/console/workspace';
import type { SlackCall } from '../../sim/slack/fake-slack';
import { bulkSecretsFile } from '../../src/blocks/hosts/bulk-messages';
import { hostInstructionsMessage } from '../../src/blocks/pools/host-instructions-message';
import { ssmRegistrationScript } from '../../src/domain/hosts/registration-bootstrap';

/** The console's model of Slack, fed with calls as the fake Slack records them. */
const api = (method: string, args: Record<string, unknown>, result: Record<string, unknown> = { ok: true }) =>
  ({ kind: 'api', method, args, result, at: Date.now(), status: 200 }) as SlackCall;
const posted = (ts: string, channel: string, text: string, extra: Record<string, unknown> = {}) =>
  api('chat.postMessage', { channel, text, ...extra }, { ok: true, ts, channel });

describe('the sandbox console follows what the bot sent', () => {
  it('puts posts to a user ID and to their D… channel in one direct message, and edits messages in place', () => {
    const ws = new Workspace(DEMO_USERS);
    ws.apply(posted('1.000001', 'U0OPERATOR', 'bootstrap'));
    ws.apply(posted('1.000002', 'D0U0OPERATOR', 'file follows'));
    ws.apply(posted('1.000003', 'C0OPS', 'Approval needed'));
    expect(ws.messages.map((m) => m.conversation)).toEqual(['D:U0OPERATOR', 'D:U0OPERATOR', 'C0OPS']);

    ws.apply(api('chat.update', { channel: 'C0OPS', ts: '1.000003', text: 'Approved' }));
    expect(ws.messages).toHaveLength(3);
    expect(ws.find('1.000003')).toMatchObject({ text: 'Approved', edited: true });
  });

  it('answers through response_url as Slack shows them: only to the user, in the channel, or replacing the message', () => {
    const ws = new Workspace(DEMO_USERS);
    ws.apply(posted('2.000001', 'C0OPS', 'with buttons'));
    ws.responseUrls.set('/response/a', { user: 'U0APPROVER', conversation: 'C0OPS', messageTs: '2.000001' });
    const reply = (args: Record<string, unknown>) =>
      ws.apply({ kind: 'response_url', method: '/response/a', args, at: Date.now(), status: 200 });

    reply({ text: 'someone else must decide' });
    expect(ws.messages.at(-1)).toMatchObject({ text: 'someone else must decide', ephemeralTo: 'U0APPROVER' });
    reply({ text: 'for all', response_type: 'in_channel' });
    expect(ws.messages.at(-1)?.ephemeralTo).toBeUndefined();
    reply({ text: 'decided', replace_original: true });
    expect(ws.find('2.000001')).toMatchObject({ text: 'decided', edited: true });
    reply({ delete_original: true });
    expect(ws.find('2.000001')).toBeUndefined();
  });

  it("opens a modal for the trigger's user only within 3 s of the click, then updates and pushes it", () => {
    const ws = new Workspace(DEMO_USERS);
    ws.triggers.set('fresh', { user: 'U0OPERATOR', at: Date.now() });
    ws.triggers.set('stale', { user: 'U0VIEWER', at: Date.now() - 3500 });
    const view = { type: 'modal', title: { type: 'plain_text', text: 'Register' }, blocks: [] };
    ws.apply(api('views.open', { trigger_id: 'stale', view }, { ok: true, view: { ...view, id: 'V1' } }));
    expect(ws.modals.get('U0VIEWER')).toBeUndefined();
    expect(ws.messages.at(-1)).toMatchObject({ ephemeralTo: 'U0VIEWER' });
    expect(ws.messages.at(-1)?.text).toContain('expired_trigger_id');

    ws.apply(api('views.open', { trigger_id: 'fresh', view }, { ok: true, view: { ...view, id: 'V2' } }));
    const changed = { ...view, title: { type: 'plain_text', text: 'Step 2' } };
    ws.apply(
      api('views.update', { view_id: 'V2', view: changed }, { ok: true, view: { ...changed, id: 'V2' } }),
    );
    ws.apply(api('views.push', { trigger_id: 'fresh', view }, { ok: true, view: { ...view, id: 'V3' } }));
    const stack = ws.modals.get('U0OPERATOR') ?? [];
    expect(stack.map((v) => v.id)).toEqual(['V2', 'V3']);
    expect(stack[0]?.view.title).toEqual({ type: 'plain_text', text: 'Step 2' });
  });

  it('finds the bootstrap a user received, and no one else', () => {
    const ws = new Workspace(DEMO_USERS);
    const script = [
      'nodeadm install 1.31 --credential-provider ssm',
      "cat > nodeConfig.yaml <<'NODECONFIG_EOF'",
      '      activationCode: Abc+def/123',
      '      activationId: 0b1f0c2e-5c4d-4e55-9b4a-2f1e3d4c5b6a',
      'NODECONFIG_EOF',
    ].join('\n');
    ws.apply(
      posted('3.000001', 'U0OPERATOR', 'Bootstrap for host store12-edge-01', {
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Bootstrap store12-edge-01' } },
          // As a bot sends it: `<` and `>` escaped for Slack, which shows them as typed.
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `\`\`\`${script.replace(/</g, '&lt;').replace(/>/g, '&gt;')}\`\`\``,
            },
          },
        ],
      }),
    );
    expect(findBootstraps(ws.messages, 'U0OPERATOR')).toEqual([
      expect.objectContaining({
        host: 'store12-edge-01',
        activationId: '0b1f0c2e-5c4d-4e55-9b4a-2f1e3d4c5b6a',
        activationCode: 'Abc+def/123',
        nodeConfig: expect.stringContaining('activationId: 0b1f0c2e-5c4d-4e55-9b4a-2f1e3d4c5b6a'),
        kubernetesVersion: '1.31',
      }),
    ]);
    expect(findBootstraps(ws.messages, 'U0APPROVER')).toEqual([]);
  });
});

describe('the instructions a host gets, as its operator reads them', () => {
  const id = '0b1f0c2e-5c4d-4e55-9b4a-2f1e3d4c5b6a';
  const code = 'Abc+def/1234567890abcdefgh';

  it("fills a bulk registration's commands with the host's line of the shared file", () => {
    const ws = new Workspace(DEMO_USERS);
    // What the bot sends after a bulk registration: one CSV file, the commands once in its comment.
    const template = ssmRegistrationScript({
      kubernetesVersion: '1.31',
      region: 'us-west-2',
      activationId: '<ACTIVATION_ID>',
      activationCode: '<ACTIVATION_CODE>',
    }).commands;
    const file = bulkSecretsFile(
      'demo',
      [{ registration: { name: 'store12-edge-02' } as never, activationId: id }],
      new Map([['store12-edge-02', code]]),
      template,
      Date.now(),
    );
    ws.apply(api('files.getUploadURLExternal', { filename: file.filename }, { ok: true, file_id: 'F0BULK' }));
    ws.apply({
      kind: 'upload',
      method: '/upload/F0BULK',
      args: { content: file.content },
      at: Date.now(),
      status: 200,
    } as SlackCall);
    ws.apply(
      api('files.completeUploadExternal', {
        channel_id: 'D0U0OPERATOR',
        initial_comment: file.comment,
        files: [{ id: 'F0BULK', title: file.title }],
      }),
    );
    const [found] = findBootstraps(ws.messages, 'U0OPERATOR', ws.files);
    expect(found).toMatchObject({ host: 'store12-edge-02', kind: 'bootstrap' });
    // The whole registration as pasted: nodeadm's artifacts and the credentials part a pool's init needs.
    expect(found?.script).toContain('nodeadm install 1.31 --credential-provider ssm');
    expect(found?.script).toContain(`activationCode: ${code}`);
    expect(found?.script).toContain(`-code "${code}" -id "${id}"`);
    expect(found?.script).not.toContain('<ACTIVATION');
  });

  it("fills a bulk --join NodeConfig with the host's own site from its line", () => {
    const ws = new Workspace(DEMO_USERS);
    const template = [
      'nodeadm install 1.31 --credential-provider ssm',
      "cat > nodeConfig.yaml <<'NODECONFIG_EOF'",
      '      activationCode: <ACTIVATION_CODE>',
      '      activationId: <ACTIVATION_ID>',
      '      - --node-labels=hybrid-bot.io/site=<SITE>',
      'NODECONFIG_EOF',
      'nodeadm init -c file://nodeConfig.yaml',
    ];
    const file = bulkSecretsFile(
      'demo',
      [{ registration: { name: 'plant3-edge-01', site: 'plant-3' } as never, activationId: id }],
      new Map([['plant3-edge-01', code]]),
      template,
      Date.now(),
      true,
    );
    ws.apply(api('files.getUploadURLExternal', { filename: file.filename }, { ok: true, file_id: 'F0JOIN' }));
    ws.apply({
      kind: 'upload',
      method: '/upload/F0JOIN',
      args: { content: file.content },
      at: 0,
      status: 200,
    } as SlackCall);
    ws.apply(
      api('files.completeUploadExternal', {
        channel_id: 'D0U0OPERATOR',
        initial_comment: file.comment,
        files: [{ id: 'F0JOIN', title: file.title }],
      }),
    );
    const [found] = findBootstraps(ws.messages, 'U0OPERATOR', ws.files);
    expect(found?.script).toContain('--node-labels=hybrid-bot.io/site=plant-3');
    expect(found?.script).toContain(`activationCode: ${code}`);
    expect(found?.activationCode).toBe(code);
  });

  it('takes the commands a pool sends for an IAM Roles Anywhere host, newest first', () => {
    const ws = new Workspace(DEMO_USERS);
    const join = hostInstructionsMessage({
      changeId: 'c1',
      stepKey: 'join-store20-edge-01',
      pool: 'kiosks',
      cluster: 'demo',
      host: 'store20-edge-01',
      nodeName: 'store20-edge-01',
      commands: [
        'nodeadm install 1.31 --credential-provider iam-ra',
        'nodeadm init -c file://nodeConfig.yaml',
      ],
    });
    ws.apply(posted('4.000001', 'U0OPERATOR', join.text, { blocks: join.blocks }));
    expect(findBootstraps(ws.messages, 'U0OPERATOR')).toEqual([
      expect.objectContaining({
        host: 'store20-edge-01',
        kind: 'pool-step',
        script: 'nodeadm install 1.31 --credential-provider iam-ra\nnodeadm init -c file://nodeConfig.yaml',
      }),
    ]);
  });
});

describe('mrkdwn in the console', () => {
  it('names mentioned users, formats dates, and escapes HTML', () => {
    const html = mrkdwnToHtml('*Approved* by <@U0APPROVER> <!date^0^{date_num}|then> <b>', {
      U0APPROVER: 'april.approver',
    });
    expect(html).toContain('<strong>Approved</strong>');
    expect(html).toContain('@april.approver');
    expect(html).toContain('1970-01-01');
    expect(html).toContain('&lt;b&gt;');
  });

  it("shows Slack's entities as the characters, as the Slack client does, escaped once for the page", () => {
    const code = mrkdwnToHtml('```activationCode: &lt;activation code, on the host only&gt;```');
    expect(code).toBe('<pre><code>activationCode: &lt;activation code, on the host only&gt;</code></pre>');
    expect(mrkdwnToHtml('`/hybrid pool show &lt;pool&gt;` &amp; more')).toBe(
      '<code>/hybrid pool show &lt;pool&gt;</code> &amp; more',
    );
    // Someone typed "&lt;" itself: the bot sent "&amp;lt;", and that is what Slack shows.
    expect(mrkdwnToHtml('&amp;lt;')).toBe('&amp;lt;');
    const view = withHtml({ type: 'plain_text', text: 'Hosts &lt;site&gt; &amp; tills' }, {});
    expect(view.text).toBe('Hosts <site> & tills');
  });
});
