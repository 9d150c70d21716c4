import type { SlackBlock } from './blocks/types';

/** Who asked, where, and how to answer them: carried by every job a Slack request starts. */
export interface RequestContext {
  requestId: string;
  user: string;
  channel: string;
  teamId?: string;
  /** Slack's response_url: answers the requester (ephemeral) without a channel message. */
  responseUrl?: string;
  receivedAt: number;
}

export interface CommandJobData {
  request: RequestContext;
  command: string;
  positionals: Record<string, string>;
  options: Record<string, string | boolean>;
}

/**
 * What the outbox sends to Slack. A `slot` names a message that later sends update in place.
 * `secret` marks a message that carries a secret (an activation code): its job is deleted once sent.
 */
export type OutboundMessage =
  | {
      kind: 'respond';
      responseUrl: string;
      text: string;
      blocks?: SlackBlock[];
      responseType?: 'ephemeral' | 'in_channel';
      replaceOriginal?: boolean;
      secret?: boolean;
    }
  | {
      kind: 'post';
      channel: string;
      text: string;
      blocks?: SlackBlock[];
      slot?: string;
      /** Post as a reply in the thread of this slot's message. */
      threadOfSlot?: string;
      secret?: boolean;
      /** The slot content's version, set by the outbox: an older version never overwrites a newer one. */
      seq?: number;
    }
  | { kind: 'home'; user: string; view: Record<string, unknown> }
  /** A file in the bot's direct messages with one user (e.g. many hosts' bootstraps at once). */
  | {
      kind: 'file';
      user: string;
      filename: string;
      title: string;
      content: string;
      comment?: string;
      secret?: boolean;
    };
