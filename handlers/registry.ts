import { ACTION_IDS } from './actions';
import { SLASH_COMMANDS } from './commands';
import { BOT_EVENTS } from './events';
import { VIEW_IDS } from './views';

/** Everything the bot listens for, by Slack surface; manifest.yml must declare exactly these. */
export const REGISTERED = {
  commands: [...SLASH_COMMANDS] as string[],
  events: [...BOT_EVENTS] as string[],
  shortcuts: [] as string[],
  actions: [...ACTION_IDS] as string[],
  views: [...VIEW_IDS] as string[],
};
