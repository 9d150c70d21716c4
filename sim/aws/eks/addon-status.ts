import type { Addon } from '../../fleet/types';

/** The add-on's status now: UPDATING until its update's time has passed on the simulator's clock. */
export function addonStatus(addon: Addon, now: Date): string {
  return addon.updatingUntil !== undefined && now.getTime() < addon.updatingUntil ? 'UPDATING' : addon.status;
}
