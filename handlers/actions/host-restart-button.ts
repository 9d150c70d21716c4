import { HOST_RESTART_ACTION, type HostRestartValue } from '../../src/blocks/diagnostics/host-remedy-buttons';
import { RESTARTABLE_SERVICES } from '../../src/domain/hosts/host-restart-plan';
import type { HandlerDeps } from '../handler-deps';
import { remedyClick } from './host-remedy-click';

export const RESTART_ACTIONS = RESTARTABLE_SERVICES.map((s) => `${HOST_RESTART_ACTION}_${s}`);

/** Restart kubelet / containerd under a host's diagnostics: `host restart <host> <service>`. */
export const hostRestartButton = (deps: HandlerDeps) =>
  remedyClick<'host restart', HostRestartValue>(deps, 'host restart', (v) => ({
    name: v.host,
    service: v.service,
  }));
