import { context, header, section } from '../elements';
import type { SlackMessage } from '../types';

export const POOL_HOST_DONE_ACTION = 'pool_host_done';

/** What the Done button carries: the change and the step waiting for the host. */
export interface HostDoneValue {
  id: string;
  step: string;
}

export interface HostInstructions {
  changeId: string;
  stepKey: string;
  pool: string;
  cluster: string;
  host: string;
  nodeName: string;
  commands: string[];
  /** What the commands do, when not a join: e.g. "Upgrade store20-edge-01 to Kubernetes 1.31". */
  heading?: string;
  /** When set, the node is already in the cluster (an upgrade): it says what the bot checks after Done. */
  checks?: string;
}

/**
 * To the requester only: the commands for an IAM Roles Anywhere host and a Done button. The bot
 * checks the node joined before it goes on, and also notices a join without the button.
 */
export function hostInstructionsMessage(i: HostInstructions): SlackMessage {
  const value: HostDoneValue = { id: i.changeId, step: i.stepKey };
  const heading = i.heading ?? `Join ${i.host} to pool ${i.pool}`;
  return {
    text: `${heading}: run these commands on the host, then press Done.`,
    blocks: [
      header(heading),
      section(
        `Change *${i.changeId}* (cluster *${i.cluster}*) waits for you: the bot cannot reach IAM Roles Anywhere hosts. Run these as root on *${i.host}*; its certificate's CN must be \`${i.nodeName}\`.`,
      ),
      section(`\`\`\`${i.commands.join('\n')}\`\`\``),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: POOL_HOST_DONE_ACTION,
            text: { type: 'plain_text', text: 'Done' },
            style: 'primary',
            value: JSON.stringify(value),
          },
        ],
      },
      context(
        i.checks ??
          `When node \`${i.nodeName}\` has joined, the change checks its version, labels and taints and goes on.`,
      ),
    ],
  };
}
