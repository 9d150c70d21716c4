import type { SlackMessage } from '../../src/blocks/types';
import type { OutboundMessage } from '../../src/job-data';

/** Whom a private answer goes to: through Slack's response_url when there is one, else a DM. */
export interface Requester {
  user: string;
  responseUrl?: string;
}

/** A message for the requester's eyes only, marked secret so the outbox drops it once sent. */
export function privately(to: Requester, message: SlackMessage): OutboundMessage {
  if (to.responseUrl) {
    return {
      kind: 'respond',
      responseUrl: to.responseUrl,
      responseType: 'ephemeral',
      secret: true,
      ...message,
    };
  }
  // Posting to a user ID opens the bot's direct-message conversation with them.
  return { kind: 'post', channel: to.user, secret: true, ...message };
}
