/**
 * Text someone typed, made safe to show in mrkdwn: Slack reads `&`, `<` and `>` as control
 * characters, so `<!channel>`, `<!here>` or `<!subteam^…>` would notify people and `<url|label>`
 * would disguise a link. As entities, Slack shows them as typed. Used wherever user text is echoed.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The bot's own text made safe for Slack: a placeholder such as `<pool>` or `<activation code, on the
 * host only>` would be read as a link, so `<` and `>` become `&lt;` and `&gt;`, except in the control
 * sequences the bot means (`<@U…>`, `<#C…>`, `<!date^…>`, links) and a `>` that starts a quote line.
 * Text already escaped has no `<` left, so escaping twice changes nothing.
 */
export function escapePlaceholders(text: string): string {
  return text.replace(SLACK_BRACKETS, (m: string, offset: number, whole: string) => {
    if (m.length > 1) return m;
    if (m === '<') return '&lt;';
    return offset === 0 || whole[offset - 1] === '\n' ? m : '&gt;';
  });
}
const SLACK_BRACKETS = /<(?:[@#][A-Z0-9]+(?:\|[^<>]*)?|![^<>]*|(?:https?:\/\/|mailto:)[^<>]*)>|[<>]/g;
