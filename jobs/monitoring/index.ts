import { ALERT_CLICK_JOB } from '../../src/domain/alerts/alert-click';
import type { BackgroundProcessors, CommandProcessors } from '../job-context';
import { alertAction } from './alert-actions';
import { alertsList, alertsSubscribe } from './alerts';
import { doctorCommand } from './doctor';
import { hostFactsPoll } from './host-facts-poll';
import { MONITOR_CLUSTER, monitorJob } from './monitor-cluster';
import { statusCommand } from './status';

/** The monitoring commands' processors, by command name. */
export const MONITORING_PROCESSORS: Pick<
  CommandProcessors,
  'doctor' | 'status' | 'alerts' | 'alerts subscribe'
> = {
  doctor: doctorCommand(),
  status: statusCommand(),
  alerts: alertsList,
  'alerts subscribe': alertsSubscribe,
};

/** The monitor's scheduled sweeps and the alert buttons' jobs. */
export const MONITORING_BACKGROUND: Pick<
  BackgroundProcessors,
  'monitor-cluster' | 'alert-action' | 'host-facts-poll'
> = {
  [MONITOR_CLUSTER]: monitorJob(),
  [ALERT_CLICK_JOB]: alertAction,
  'host-facts-poll': hostFactsPoll,
};
