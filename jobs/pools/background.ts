import type { BackgroundProcessors } from '../job-context';
import { poolHostDone } from './host-done';

export const POOL_BACKGROUND_PROCESSORS: Pick<BackgroundProcessors, 'pool-host-done'> = {
  'pool-host-done': poolHostDone,
};
