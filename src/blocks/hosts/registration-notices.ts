import type { HostRegistration } from '../../domain/host-registration';
import type { HostRecord } from '../../domain/host-status';
import { context, section } from '../elements';
import type { SlackMessage } from '../types';
import { poolCommands } from './pool-hint';
import { slackDate } from './slack-dates';

export const HOST_REISSUE_ACTION = 'host_reissue';

/** For the cluster channel: who asked and until when, never the code. */
export function activationIssuedNotice(
  r: HostRegistration,
  requester: string,
  expiresAt: number,
): SlackMessage {
  if (r.auth === 'iam-ra' && !r.join) {
    const text = `:white_check_mark: Host *${r.name}* (${r.site}, ${r.ip}) was registered for *${r.cluster}* with IAM Roles Anywhere by <@${requester}>. It can go into a pool: ${poolCommands(r)}.`;
    return {
      text,
      blocks: [section(text), context('Where to place its certificate and key went to the requester only.')],
    };
  }
  const text =
    r.auth === 'ssm'
      ? `:key: Host *${r.name}* (${r.site}, ${r.ip}) was issued an SSM activation for *${r.cluster}* by <@${requester}>; it expires ${slackDate(expiresAt)}.${r.join ? ' It joins the cluster at once (--join).' : ''}`
      : `:key: Host *${r.name}* (${r.site}, ${r.ip}) was prepared for *${r.cluster}* with IAM Roles Anywhere by <@${requester}>; waiting until ${slackDate(expiresAt)} for node ${r.name} to join.`;
  return { text, blocks: [section(text), context('The bootstrap went to the requester only.')] };
}

/**
 * Without --join, registration is the end of it: the notice says how the host goes into a pool, or,
 * for a host re-imaged in a rollout, that its pool joins it again.
 */
export function hostRegisteredNotice(host: HostRecord, instanceId: string): SlackMessage {
  const registered = `:white_check_mark: Host *${host.name}* registered as \`${instanceId}\` in *${host.cluster}* (${host.site}).`;
  const text =
    host.join || host.node
      ? registered
      : host.rejoinsPool
        ? `${registered} Re-imaged: pool ${host.rejoinsPool} joins it again.`
        : `${registered} It can go into a pool: ${poolCommands(host)}.`;
  return { text, blocks: [section(text)] };
}

export function hostJoinedNotice(host: HostRecord, nodeName: string): SlackMessage {
  const text = `:white_check_mark: Host *${host.name}* joined *${host.cluster}* as node \`${nodeName}\` (${host.site}).`;
  return { text, blocks: [section(text)] };
}

/** The activation ran out before the host registered; the button issues a fresh one to the requester. */
export function activationExpiredMessage(host: HostRecord, reissuedBy?: string): SlackMessage {
  const who = host.requestedBy ? `<@${host.requestedBy}>` : 'the requester';
  const text = `:hourglass: The activation of host *${host.name}* (${host.cluster}, ${host.site}) expired before the host registered.`;
  if (reissuedBy) {
    return {
      text,
      blocks: [
        section(text),
        context(`<@${reissuedBy}> issued a new activation; it went to ${who} privately.`),
      ],
    };
  }
  return {
    text,
    blocks: [
      section(`${text}\nA new activation goes to ${who} only.`),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: HOST_REISSUE_ACTION,
            text: { type: 'plain_text', text: 'Issue a new activation' },
            value: JSON.stringify({ cluster: host.cluster, host: host.name }),
          },
        ],
      },
    ],
  };
}

/** A host that left a pool used its activation up: a new one was issued, never "expired". */
export function activationReissuedNotice(host: HostRecord, reissuedBy: string): SlackMessage {
  const who = host.requestedBy ? `<@${host.requestedBy}>` : 'the requester';
  const text = `:key: Host *${host.name}* (${host.cluster}, ${host.site}) left pool ${host.leftPool ?? ''} and needs a new activation: <@${reissuedBy}> issued one; it went to ${who} privately.`;
  return { text, blocks: [section(text)] };
}

/** IAM Roles Anywhere: no activation to renew, so the watch ends with advice instead of a button. */
export function nodeNotJoinedMessage(host: HostRecord): SlackMessage {
  const text = `:hourglass: Host *${host.name}* (${host.cluster}, ${host.site}) has not joined as node \`${host.name}\` yet; the bot stopped waiting. Check on the host that \`nodeadm init\` ran and that the certificate's CN is ${host.name}; \`/hybrid hosts --refresh\` picks the node up when it joins.`;
  return { text, blocks: [section(text)] };
}
