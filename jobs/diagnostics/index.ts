import type { BackgroundProcessors, CommandProcessors } from '../job-context';
import { HOST_DEBUG_POLL, hostDebugPoll } from './debug-poll';
import { hostDebug } from './host-debug';

/** Slash-command jobs that diagnose hosts. */
export const DIAGNOSTICS_PROCESSORS: Pick<CommandProcessors, 'host debug'> = {
  'host debug': hostDebug,
};

export const DIAGNOSTICS_BACKGROUND_PROCESSORS: Pick<BackgroundProcessors, 'host-debug-poll'> = {
  [HOST_DEBUG_POLL]: hostDebugPoll,
};
