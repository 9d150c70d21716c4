import { findButton, plain, renderBlocks } from '../../../scripts/lib/render-blocks';

describe('Block Kit in the terminal (npm run slack)', () => {
  it("shows Slack's entities as the characters, as the Slack client does", () => {
    expect(plain('```activationCode: &lt;activation code, on the host only&gt;```')).toBe(
      '```activationCode: <activation code, on the host only>```',
    );
    // Someone typed "&lt;" itself: the bot sent "&amp;lt;", and that is what Slack shows.
    expect(plain('&amp;lt; by <@U0ADMIN>')).toBe('&lt; by @U0ADMIN');
    const shown = renderBlocks(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Pool &lt;tills&gt;' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '`/hybrid pool show &lt;pool&gt;`' }] },
        {
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Ask &amp; go' } }],
        },
      ],
      'fallback',
    );
    expect(shown).toBe('== Pool <tills> ==\n  `/hybrid pool show <pool>`\n[Ask & go]');
    expect(
      findButton(
        [
          {
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: 'Ask &amp; go' } }],
          },
        ],
        'ask & go',
      ),
    ).toBeDefined();
  });
});
