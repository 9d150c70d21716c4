import type { CommandProcessor } from '../job-context';
import { doctorCommand } from './doctor';
import { statusCommand } from './status';

/** The monitoring commands' processors, by command name. */
export const MONITORING_PROCESSORS: Record<string, CommandProcessor> = {
  doctor: doctorCommand(),
  status: statusCommand(),
};
