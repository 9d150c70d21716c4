import { BotError, ErrorCode } from '../../src/errors';
import type { CommandDeps } from '../job-context';

/**
 * The channel the configuration names for fleets must be one the bot can post in: an unknown one,
 * or one the bot was never invited to, refuses the fleet with what to do, before anything is asked.
 */
export async function checkFleetChannel(deps: Pick<CommandDeps, 'slack'>, channel: string): Promise<void> {
  const found = await deps.slack.channelInfo(channel);
  if (!found) {
    throw new BotError(
      ErrorCode.Validation,
      `Nothing was planned: fleets.channel in the configuration is ${channel}, a channel Slack does not show the bot (no such channel, or a private one the bot is not in). Set it to a channel the bot is in, or invite the bot there with \`/invite @hybrid-bot\`.`,
    );
  }
  if (!found.isMember) {
    throw new BotError(
      ErrorCode.Validation,
      `Nothing was planned: the bot is not in #${found.name} (${channel}), where fleets.channel in the configuration sends fleet rollouts. Invite it with \`/invite @hybrid-bot\` in that channel, then ask again.`,
    );
  }
}
