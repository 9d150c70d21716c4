import type { Alert } from '../alerts/alert';

/** What a wave's bake watches: its pools, their nodes and sites, in one cluster or several. */
export interface BakeScope {
  pools: { cluster: string; pool: string }[];
  nodes: { cluster: string; name: string }[];
  sites: { cluster: string; site: string }[];
}

/**
 * The firing alerts that concern a wave: one about any of its nodes, its pools (drift) or its
 * sites (site down), or its cluster as a whole (unreachable). Others (another site's node) do not.
 */
export function alertsAbout(scope: BakeScope, firing: readonly Alert[]): Alert[] {
  return firing.filter((a) => {
    const [, rule, subject] = a.key.split('/');
    const inCluster = (c: string) => c === a.cluster;
    if (rule === 'cluster-unreachable') return scope.pools.some((p) => inCluster(p.cluster));
    if (rule === 'site-down') return scope.sites.some((s) => inCluster(s.cluster) && s.site === subject);
    if (rule === 'pool-drift') return scope.pools.some((p) => inCluster(p.cluster) && p.pool === subject);
    return (a.nodes ?? []).some((n) => scope.nodes.some((m) => inCluster(m.cluster) && m.name === n.name));
  });
}
