/**
 * Text someone typed, made safe to show in mrkdwn: Slack reads `&`, `<` and `>` as control
 * characters, so `<!channel>`, `<!here>` or `<!subteam^…>` would notify people and `<url|label>`
 * would disguise a link. As entities, Slack shows them as typed. Used wherever user text is echoed.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
