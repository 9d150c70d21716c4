import type { CommandProcessors } from '../job-context';
import { fleetUpgrade } from './fleet-upgrade';
import { fleetList, fleetShow } from './fleet-views';

export const FLEET_PROCESSORS: Pick<CommandProcessors, 'fleet upgrade' | 'fleets' | 'fleet show'> = {
  'fleet upgrade': fleetUpgrade,
  fleets: fleetList,
  'fleet show': fleetShow,
};
