import { BULK_REGISTER_JOB } from '../../src/domain/commands/hosts';
import type { BackgroundProcessors, CommandProcessors } from '../job-context';
import { bulkRegister } from './bulk-register';
import { hostDeregister } from './deregister-host';
import { hostRegister } from './host-register';
import { hostsPage, listHosts, showHost } from './list-hosts';
import { RECONCILE_INVENTORY, reconcileInventoryJob } from './reconcile-inventory';
import { REISSUE_ACTIVATION, reissueActivation } from './reissue-activation';
import { hostReissue } from './reissue-command';
import { WATCH_REGISTRATION, watchRegistration } from './watch-registration';

/** Slash-command jobs for edge hosts, by command name. */
export const HOST_PROCESSORS: Pick<
  CommandProcessors,
  'host register' | 'hosts' | 'host show' | 'host deregister' | 'host reissue' | typeof BULK_REGISTER_JOB
> = {
  'host register': hostRegister,
  hosts: listHosts,
  'host show': showHost,
  'host deregister': hostDeregister,
  'host reissue': hostReissue,
  [BULK_REGISTER_JOB]: bulkRegister,
};

export const HOST_BACKGROUND_PROCESSORS: Pick<
  BackgroundProcessors,
  'host-watch' | 'host-reissue' | 'hosts-reconcile' | 'hosts-page'
> = {
  [WATCH_REGISTRATION]: watchRegistration,
  [REISSUE_ACTIVATION]: reissueActivation,
  [RECONCILE_INVENTORY]: reconcileInventoryJob,
  'hosts-page': hostsPage,
};
