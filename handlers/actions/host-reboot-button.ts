import type { RemedyValue } from '../../src/blocks/diagnostics/host-remedy-buttons';
import type { HandlerDeps } from '../handler-deps';
import { remedyClick } from './host-remedy-click';

/** Reboot host under a host's diagnostics: `host reboot <host>`. */
export const hostRebootButton = (deps: HandlerDeps) =>
  remedyClick<'host reboot', RemedyValue>(deps, 'host reboot', (v) => ({ name: v.host }));
