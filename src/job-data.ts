import type { SlackBlock } from './blocks/types';
import type { ReportThread } from './domain/changes/change';
import type { CommandJobName, CommandJobs } from './domain/commands';

/** Who asked, where, and how to answer them: carried by every job a Slack request starts. */
export interface RequestContext {
  requestId: string;
  user: string;
  channel: string;
  teamId?: string;
  /** Slack's response_url: answers the requester (ephemeral) without a channel message. */
  responseUrl?: string;
  receivedAt: number;
  /** Clicked under diagnostics in another message's thread (an alert's): the change it proposes reports there too. */
  reportThread?: ReportThread;
}

/**
 * A command job's data: who asked, and the positionals and options its spec declares (the
 * `CommandJobs` map). Without a name, any command job's.
 */
export type CommandJobData<N extends CommandJobName = CommandJobName> = {
  [K in N]: { request: RequestContext; command: K } & CommandJobs[K];
}[N];

/** An SSM activation whose code a secret message carries. */
export interface CarriedActivation {
  cluster: string;
  host: string;
  activationId: string;
}

/**
 * What a secret message carries and for whom: if it can never be delivered, these activations are
 * deleted (nobody holds their codes) and the requester is told to register again.
 */
export interface SecretCarried {
  requester: string;
  activations: CarriedActivation[];
  /** When the activations expire: the message is useless after that. */
  usableUntil?: number;
}

/**
 * What the outbox sends to Slack. A `slot` names a message that later sends update in place.
 * `secret` marks a message that carries a secret (an activation code): it waits in Redis only
 * sealed (`SealedOutbound`) and its job is deleted once sent; `carries` says what it holds.
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
      carries?: SecretCarried;
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
      carries?: SecretCarried;
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
      carries?: SecretCarried;
    }
  /** A file shared in the thread of a slot's message in a channel (e.g. a host's full diagnostics). */
  | {
      kind: 'thread-file';
      channel: string;
      threadOfSlot: string;
      filename: string;
      title: string;
      content: string;
      comment?: string;
    };

/**
 * A secret message as it waits in the outbox: the whole message sealed (AES-256-GCM, see
 * src/adapters/secret-box.ts); only what is needed to withdraw it stays readable.
 */
export interface SealedOutbound {
  kind: OutboundMessage['kind'];
  sealed: string;
  carries?: SecretCarried;
  /** Failed tries so far (Slack down), for the backoff. */
  failures?: number;
  /** Given up: only withdrawing its activations is left to do. */
  withdrawing?: boolean;
}

/** An outbox job's data: a plain message, or a sealed one. */
export type OutboxJobData =
  | (OutboundMessage & { failures?: number; withdrawing?: boolean; carries?: SecretCarried })
  | SealedOutbound;

export function isSealed(d: OutboxJobData): d is SealedOutbound {
  return 'sealed' in d && typeof d.sealed === 'string';
}
