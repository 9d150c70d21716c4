import { fleetUpgradeModal } from '../../src/blocks/fleets/fleet-upgrade-modal';
import type { HandlerDeps } from '../handler-deps';
import { newestProfileVersions } from './newest-profile-versions';

/**
 * `/hybrid fleet upgrade` alone opens its form, built here from Redis reads (the trigger_id is
 * valid for 3 s); the job checks the request in full, as for the typed command.
 */
export async function fleetModalForCommand(
  name: string,
  options: Record<string, string | boolean>,
  deps: Pick<HandlerDeps, 'hosts' | 'profiles'>,
): Promise<Record<string, unknown> | undefined> {
  if (name !== 'fleet upgrade' || Object.keys(options).length > 0) return undefined;
  const versions = await newestProfileVersions(deps);
  return fleetUpgradeModal({ versions, clusters: deps.hosts.clusterNames });
}
