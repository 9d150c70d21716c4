import { fleetUpgradeModal } from '../../src/blocks/fleets/fleet-upgrade-modal';
import { sortVersionsNewestFirst } from '../../src/domain/profiles';
import type { HandlerDeps } from '../handler-deps';

/** Versions offered per profile in the form, newest first. */
const VERSIONS_OFFERED = 3;

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
  const store = deps.profiles.store;
  const versions = (
    await Promise.all(
      (
        await store.names()
      ).map(async (n) => {
        const stored = await store.versions(n);
        return sortVersionsNewestFirst(stored.map((v) => v.version))
          .slice(0, VERSIONS_OFFERED)
          .map((v) => ({
            ref: `${n}@${v}`,
            kubernetesVersion: stored.find((s) => s.version === v)?.profile.spec.kubernetes.version,
          }));
      }),
    )
  ).flat();
  return fleetUpgradeModal({ versions, clusters: deps.hosts.clusterNames });
}
