import type { BackgroundProcessor, CommandProcessor } from '../job-context';
import { hostRegister } from './host-register';
import { WATCH_REGISTRATION, watchRegistration } from './watch-registration';

/** Slash-command jobs for edge hosts, by command name. */
export const HOST_PROCESSORS: Record<string, CommandProcessor> = {
  'host register': hostRegister,
};

export const HOST_BACKGROUND_PROCESSORS: Record<string, BackgroundProcessor> = {
  [WATCH_REGISTRATION]: watchRegistration,
};
