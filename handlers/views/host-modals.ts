import { bulkModal, registerModal } from '../../src/blocks/hosts/register-modal';
import type { HandlerDeps } from '../handler-deps';

/**
 * `/hybrid host register` alone opens the form, and `--bulk` alone the CSV form (`--join` beside either
 * ticks its Join box); else the text form runs.
 */
export function modalForCommand(
  name: string,
  positionals: Record<string, string>,
  options: Record<string, string | boolean>,
  deps: Pick<HandlerDeps, 'hosts'>,
  channel: string,
): Record<string, unknown> | undefined {
  if (name !== 'host register' || Object.keys(positionals).length > 0) return undefined;
  const metadata = JSON.stringify({ channel });
  const join = options.join === true;
  const given = Object.keys(options).filter((o) => o !== 'join');
  if (given.length === 0) return registerModal(deps.hosts.clusterNames, metadata, join);
  if (given.length === 1 && options.bulk === true) return bulkModal(deps.hosts.clusterNames, metadata, join);
  return undefined;
}
