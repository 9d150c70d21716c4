import type { SlackMessage } from '../../src/blocks/types';
import type { OutboundMessage, SecretCarried } from '../../src/job-data';

/** Whom a private answer goes to: through Slack's response_url when there is one, else a DM. */
export interface Requester {
  user: string;
  responseUrl?: string;
}

/**
 * A message for the requester's eyes only, marked secret so the outbox keeps it sealed and drops it
 * once sent; `carries` names the activations it holds, withdrawn if it can never be delivered.
 */
export function privately(to: Requester, message: SlackMessage, carries?: SecretCarried): OutboundMessage {
  const extra = carries ? { carries } : {};
  if (to.responseUrl) {
    return {
      kind: 'respond',
      responseUrl: to.responseUrl,
      responseType: 'ephemeral',
      secret: true,
      ...extra,
      ...message,
    };
  }
  // Posting to a user ID opens the bot's direct-message conversation with them.
  return { kind: 'post', channel: to.user, secret: true, ...extra, ...message };
}
