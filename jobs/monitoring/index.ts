import { ALERT_CLICK_JOB } from '../../src/domain/alerts/alert-click';
import type { BackgroundProcessors, CommandProcessors } from '../job-context';
import { alertAction } from './alert-actions';
import { ALERT_DIAGNOSE, alertDiagnose } from './alert-diagnose';
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

/** The monitor's scheduled sweeps, the alert buttons' jobs, the alerts' diagnostics and the fleet's fact collection. */
export const MONITORING_BACKGROUND: Pick<
  BackgroundProcessors,
  'monitor-cluster' | 'alert-action' | 'alert-diagnose' | 'host-facts-poll'
> = {
  [MONITOR_CLUSTER]: monitorJob(),
  [ALERT_CLICK_JOB]: alertAction,
  [ALERT_DIAGNOSE]: alertDiagnose,
  'host-facts-poll': hostFactsPoll,
};
