/** A time Slack shows in each reader's own time zone, with an ISO fallback. */
export function slackDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<!date^${Math.floor(epochMs / 1000)}^{date_short_pretty} {time}|${iso}>`;
}
