/** A Block Kit block; kept loose here because builders are checked against Slack's limits in tests. */
export type SlackBlock = { type: string; block_id?: string } & Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}
