import type { Role } from '../roles';
import type { SnoozeSeconds } from './alert-state';

/** The background job a click on an alert message's button starts. */
export const ALERT_CLICK_JOB = 'alert-action' as const;

export interface AlertClick {
  /** The alert's key: `<cluster>/<rule>[/<subject>]`. */
  key: string;
  user: string;
  /** Where the message with the button is. */
  channel?: string;
  /** The clicker's role, as the handler resolved it. */
  role?: Role;
  action: 'acknowledge' | 'snooze' | 'unsnooze' | 'diagnose';
  seconds?: SnoozeSeconds;
  responseUrl?: string;
  /** Names one click (Diagnose again): a redelivery of it runs nothing twice. */
  clickId?: string;
}

export function clusterOfAlertKey(key: string): string {
  return key.split('/')[0] ?? '';
}
