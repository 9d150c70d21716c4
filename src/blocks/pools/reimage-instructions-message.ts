import { context, header, section } from '../elements';
import type { SlackMessage } from '../types';
import { type HostDoneValue, POOL_HOST_DONE_ACTION } from './host-instructions-message';

export interface ReimageInstructions {
  changeId: string;
  stepKey: string;
  pool: string;
  cluster: string;
  host: string;
  ip?: string;
  /** The profile's appliance image, when it names one; else the OSes it allows. */
  image?: string;
  oses: readonly string[];
  profile: string;
}

/**
 * To the requester only: re-image this host, then run the new bootstrap (sent beside this, with a
 * fresh activation), then press Done. The bot checks the host registered again before it goes on.
 */
export function reimageInstructionsMessage(i: ReimageInstructions): SlackMessage {
  const value: HostDoneValue = { id: i.changeId, step: i.stepKey };
  const target = i.image
    ? `the image \`${i.image}\``
    : `an OS that ${i.profile} allows (${i.oses.length > 0 ? i.oses.join(', ') : 'any nodeadm supports'})`;
  return {
    text: `Re-image ${i.host} for pool ${i.pool}, run its new bootstrap, then press Done.`,
    blocks: [
      header(`Re-image ${i.host} (pool ${i.pool})`),
      section(
        `Change *${i.changeId}* (cluster *${i.cluster}*) has drained *${i.host}*, uninstalled nodeadm and deleted its node. Now:\n1. Re-image it with ${target}${i.ip ? `, keeping its address ${i.ip}` : ''}.\n2. Run, as root, the bootstrap sent to you beside this message (a new activation: the old registration went with the old disk).\n3. Press *Done*.`,
      ),
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
        `When ${i.host} has registered with SSM again, the change joins it to the pool at ${i.profile} (install, NodeConfig, init, Ready, labels) and goes on.`,
      ),
    ],
  };
}
