import type { CarriedActivation } from '../../job-data';
import { context, section } from '../elements';
import type { SlackMessage } from '../types';

/**
 * To the requester, once, when Slack could not deliver their bootstrap (or codes file) in time: the
 * activations in it were deleted, so no code is live that nobody holds. They register again.
 */
export function activationsWithdrawnMessage(activations: readonly CarriedActivation[]): SlackMessage {
  const [first] = activations;
  const what =
    activations.length === 1 && first
      ? `the bootstrap for host *${first.host}* (${first.cluster})`
      : `the file with the activation codes of ${activations.length} hosts`;
  const again =
    activations.length === 1 && first
      ? `Register it again: \`/hybrid host register ${first.host} --cluster ${first.cluster} …\` (same site and address).`
      : `Register them again: \`/hybrid host register --bulk\` with the same rows.`;
  const text = `:warning: Slack could not deliver ${what} in time, so its activation${activations.length === 1 ? ' was' : 's were'} deleted: nobody can use ${activations.length === 1 ? 'it' : 'them'}. ${again}`;
  const hosts = activations.map((a) => a.host).join(', ');
  return { text, blocks: [section(text), context(`Withdrawn: ${hosts.slice(0, 2900)}`)] };
}

/** For the cluster channel, which heard that the activations were issued: they no longer exist. */
export function activationsWithdrawnNotice(
  activations: readonly CarriedActivation[],
  requester: string,
): SlackMessage {
  const [first] = activations;
  const which =
    activations.length === 1 && first
      ? `The activation of host *${first.host}* was`
      : `The activations of ${activations.length} hosts were`;
  const text = `:wastebasket: ${which} withdrawn: Slack could not deliver the bootstrap to <@${requester}> in time. They will register again.`;
  return { text, blocks: [section(text)] };
}
