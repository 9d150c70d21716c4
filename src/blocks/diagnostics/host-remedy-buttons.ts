import type { ReportThread } from '../../domain/changes/change';
import type { HostDiagnostics } from '../../domain/diagnostics/parse-diagnostics';
import { RESTARTABLE_SERVICES, type RestartableService } from '../../domain/hosts/host-restart-plan';
import type { SlackBlock, SlackMessage } from '../types';
import type { DiagnosedHost } from './host-debug-message';

export const HOST_RESTART_ACTION = 'host_restart';
export const HOST_REBOOT_ACTION = 'host_reboot';

/**
 * What every remedy button's value carries: the host, and the thread the diagnostics sit in (an
 * alert's), which the change it proposes reports to.
 */
export interface RemedyValue {
  cluster: string;
  host: string;
  thread?: ReportThread;
}

/** A Restart button's value: which service on which host. */
export interface HostRestartValue extends RemedyValue {
  service: RestartableService;
}

/** A service the diagnostics found not running (or, for the kubelet, logging errors): the remedy to offer first. */
export function pointsTo(d: HostDiagnostics, service: RestartableService): boolean {
  const state = d.services[service];
  if (state !== undefined && state !== 'active' && state !== 'unknown') return true;
  return service === 'kubelet' && state === 'active' && d.kubeletErrors.length > 0;
}

/**
 * The remedies under a host's diagnostics: each proposes a change (an approver approves it before
 * anything runs). The one the diagnostics point to is primary. `thread`: the alert's thread the
 * diagnostics are posted in, where the change reports.
 */
export function remedyButtons(host: DiagnosedHost, d: HostDiagnostics, thread?: ReportThread): SlackBlock {
  const remedy: RemedyValue = { cluster: host.cluster, host: host.name, ...(thread ? { thread } : {}) };
  return {
    type: 'actions',
    block_id: `remedies-${host.name}`.slice(0, 255),
    elements: RESTARTABLE_SERVICES.map((service) => ({
      type: 'button',
      action_id: `${HOST_RESTART_ACTION}_${service}`,
      text: { type: 'plain_text', text: `Restart ${service}` },
      value: JSON.stringify({ ...remedy, service } satisfies HostRestartValue),
      ...(pointsTo(d, service) ? { style: 'primary' } : {}),
    })).concat(rebootButton(remedy)),
  };
}

/** Reboot host: its value is a Restart button's without the service. Never the first remedy. */
function rebootButton(remedy: RemedyValue) {
  return {
    type: 'button',
    action_id: HOST_REBOOT_ACTION,
    text: { type: 'plain_text', text: 'Reboot host' },
    value: JSON.stringify(remedy),
  };
}

/** The summary with its remedies below, inside Slack's 50 blocks. */
export function withRemedies(
  message: SlackMessage,
  host: DiagnosedHost,
  d: HostDiagnostics,
  thread?: ReportThread,
): SlackMessage {
  return { ...message, blocks: [...message.blocks.slice(0, 49), remedyButtons(host, d, thread)] };
}
