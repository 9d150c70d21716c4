import { context, header, section } from '../elements';
import { slackDate } from '../hosts/slack-dates';
import type { SlackMessage } from '../types';

export const APPROVE_ACTION = 'approval_approve';
export const REJECT_ACTION = 'approval_reject';

export interface ApprovalView {
  id: string;
  title: string;
  requester: string;
  summary: string[];
  planHash: string;
  expiresAt: number;
}

/** The request in the cluster channel: the plan in plain words, Approve and Reject. */
export function approvalRequestMessage(a: ApprovalView): SlackMessage {
  const value = JSON.stringify({ id: a.id, planHash: a.planHash });
  return {
    text: `Approval needed: ${a.title} (requested by <@${a.requester}>)`,
    blocks: [
      header(`Approval needed: ${a.title}`),
      section(`<@${a.requester}> asks to:\n${a.summary.map((s) => `• ${s}`).join('\n')}`),
      context(
        `An approver other than the requester decides · expires ${slackDate(a.expiresAt)} · plan \`${a.planHash.slice(0, 12)}\``,
      ),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: APPROVE_ACTION,
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve' },
            value,
          },
          {
            type: 'button',
            action_id: REJECT_ACTION,
            style: 'danger',
            text: { type: 'plain_text', text: 'Reject' },
            value,
          },
        ],
      },
    ],
  };
}

/** The same message once decided (or expired): no buttons, who and when. */
export function approvalDecidedMessage(
  a: ApprovalView,
  outcome: 'approved' | 'rejected' | 'expired',
  by: string | undefined,
  at: number,
): SlackMessage {
  const icon = { approved: ':white_check_mark:', rejected: ':no_entry_sign:', expired: ':hourglass:' }[
    outcome
  ];
  const who = by ? ` by <@${by}>` : '';
  const line = `${icon} ${outcome[0]?.toUpperCase()}${outcome.slice(1)}${who} ${slackDate(at)}.`;
  return {
    text: `${a.title}: ${outcome}${who}`,
    blocks: [
      header(`${a.title}`),
      section(`<@${a.requester}> asked to:\n${a.summary.map((s) => `• ${s}`).join('\n')}`),
      section(line),
      context(`plan \`${a.planHash.slice(0, 12)}\``),
    ],
  };
}
