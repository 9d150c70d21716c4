import { type PoolFormHost, poolCreateModal } from '../../src/blocks/pools/pool-create-modal';
import type { HostRecord } from '../../src/domain/host-status';
import { type CandidateHost, hostPlacementProblems } from '../../src/domain/pools/pool-eligibility';
import type { HandlerDeps } from '../handler-deps';
import { newestProfileVersions } from './newest-profile-versions';

/**
 * The inventory's hosts as a pool sees them from Redis alone (no SSM ping, OS or node: those are
 * the job's to read), each with the pool it is in; and the records they come from.
 */
export async function poolFormCandidates(
  deps: Pick<HandlerDeps, 'hosts' | 'pools'>,
): Promise<{ records: HostRecord[]; inventory: CandidateHost[] }> {
  const [records, pools] = await Promise.all([deps.hosts.inventory.list(), deps.pools.list()]);
  const poolOf = new Map(pools.flatMap((p) => p.hosts.map((h) => [`${p.cluster}/${h}`, p.name] as const)));
  const inventory = records.map((r): CandidateHost => {
    const pool = poolOf.get(`${r.cluster}/${r.name}`);
    return {
      name: r.name,
      cluster: r.cluster,
      auth: r.auth,
      deregistered: r.deregistered,
      ...(r.managedInstanceId ? { managedInstanceId: r.managedInstanceId } : {}),
      ...(r.arch ? { arch: r.arch } : {}),
      ...(pool ? { pool } : {}),
    };
  });
  return { records, inventory };
}

/**
 * The hosts the form offers: those a pool of their own cluster and architecture could take (the
 * pool-eligibility rules), or only those of one cluster and architecture when the form has them.
 */
export async function poolFormHosts(
  deps: Pick<HandlerDeps, 'hosts' | 'pools'>,
  only: { cluster?: string; arch?: 'amd64' | 'arm64' } = {},
): Promise<PoolFormHost[]> {
  const { records, inventory } = await poolFormCandidates(deps);
  const eligible = (r: HostRecord) =>
    hostPlacementProblems(r.name, {
      cluster: only.cluster ?? r.cluster,
      pool: '',
      arch: only.arch ?? r.arch ?? 'amd64',
      inventory,
    }).length === 0;
  return records
    .filter((r) => (!only.cluster || r.cluster === only.cluster) && eligible(r))
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
  deps: Pick<HandlerDeps, 'hosts' | 'profiles' | 'pools'>,
  channel: string,
): Promise<Record<string, unknown> | undefined> {
  if (name !== 'pool create' || Object.keys(positionals).length > 0 || Object.keys(options).length > 0) {
    return undefined;
  }
  const profiles = (await newestProfileVersions(deps)).map((v) => v.ref);
  return poolCreateModal({
    clusters: deps.hosts.clusterNames,
    profiles,
    hosts: await poolFormHosts(deps),
    channel,
  });
}
