import type { CommandProcessor } from '../job-context';
import { listPools, showPool } from './read-pools';

/** Slash-command jobs that read pools, by command name. */
export const POOL_READ_PROCESSORS: Record<string, CommandProcessor> = {
  pools: listPools,
  'pool show': showPool,
};

/** Slash-command jobs that propose pool changes, by command name. */
export const POOL_CHANGE_PROCESSORS: Record<string, CommandProcessor> = {};
