import type { CommandProcessors } from '../job-context';
import { addToPool, createPool } from './pool-create';
import { labelPool } from './pool-label';
import { deletePool, removeFromPool } from './pool-remove';
import { listPools, showPool } from './read-pools';

/** Slash-command jobs that read pools, by command name. */
export const POOL_READ_PROCESSORS: Pick<CommandProcessors, 'pools' | 'pool show'> = {
  pools: listPools,
  'pool show': showPool,
};

/** Slash-command jobs that propose pool changes, by command name. */
export const POOL_CHANGE_PROCESSORS: Pick<
  CommandProcessors,
  'pool create' | 'pool add' | 'pool remove' | 'pool delete' | 'pool label'
> = {
  'pool create': createPool,
  'pool add': addToPool,
  'pool remove': removeFromPool,
  'pool delete': deletePool,
  'pool label': labelPool,
};
