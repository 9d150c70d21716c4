import { DEBUG_UPLOAD_JOB } from '../../src/domain/commands/hosts';
import type { BackgroundProcessors, CommandProcessors } from '../job-context';
import { HOST_DEBUG_POLL, hostDebugPoll } from './debug-poll';
import { hostDebug } from './host-debug';
import { hostDebugUpload } from './host-debug-upload';
import { hostReboot } from './host-reboot';
import { hostRestart } from './host-restart';

/** Slash-command jobs that diagnose hosts. */
export const DIAGNOSTICS_PROCESSORS: Pick<
  CommandProcessors,
  'host debug' | 'host restart' | 'host reboot' | typeof DEBUG_UPLOAD_JOB
> = {
  'host debug': hostDebug,
  [DEBUG_UPLOAD_JOB]: hostDebugUpload,
  'host restart': hostRestart,
  'host reboot': hostReboot,
};

export const DIAGNOSTICS_BACKGROUND_PROCESSORS: Pick<BackgroundProcessors, 'host-debug-poll'> = {
  [HOST_DEBUG_POLL]: hostDebugPoll,
};
