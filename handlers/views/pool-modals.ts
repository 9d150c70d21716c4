import { type PoolFormHost, poolCreateModal } from '../../src/blocks/pools/pool-create-modal';
import { sortVersionsNewestFirst } from '../../src/domain/profiles';
import type { HandlerDeps } from '../handler-deps';

/** Profile versions offered per profile in the form, newest first. */
const VERSIONS_OFFERED = 3;

/** The hosts a pool may take: registered with SSM (or IAM Roles Anywhere), or already joined (adopted). */
export async function poolFormHosts(deps: Pick<HandlerDeps, 'hosts'>): Promise<PoolFormHost[]> {
  const records = await deps.hosts.inventory.list();
  return records
    .filter(
      (r) => !r.deregistered && (r.status === 'registered' || r.status === 'joined' || r.auth === 'iam-ra'),
    )
    .map((r) => ({
      cluster: r.cluster,
      name: r.name,
      site: r.site,
      status: r.status,
      ...(r.arch ? { arch: r.arch } : {}),
    }))
    .sort((a, b) => a.cluster.localeCompare(b.cluster) || a.name.localeCompare(b.name));
}

/**
 * `/hybrid pool create` alone opens its form, built here from Redis reads (the trigger_id is valid
 * for 3 s); the job checks the request in full, as for the text form.
 */
export async function poolModalForCommand(
  name: string,
  positionals: Record<string, string>,
  options: Record<string, string | boolean>,
  deps: Pick<HandlerDeps, 'hosts' | 'profiles'>,
  channel: string,
): Promise<Record<string, unknown> | undefined> {
  if (name !== 'pool create' || Object.keys(positionals).length > 0 || Object.keys(options).length > 0) {
    return undefined;
  }
  const store = deps.profiles.store;
  const names = await store.names();
  const profiles = (
    await Promise.all(
      names.map(async (n) =>
        sortVersionsNewestFirst((await store.versions(n)).map((v) => v.version))
          .slice(0, VERSIONS_OFFERED)
          .map((v) => `${n}@${v}`),
      ),
    )
  ).flat();
  return poolCreateModal({
    clusters: deps.hosts.clusterNames,
    profiles,
    hosts: await poolFormHosts(deps),
    channel,
  });
}
