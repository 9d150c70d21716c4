import { acrossSites } from '../pools/host-at-site';
import { type CandidateHost, type PoolRequestFacts, poolHostProblems } from '../pools/pool-eligibility';

/** A spare and the site it stands at (absent when it has none). */
export interface Spare {
  host: string;
  managedInstanceId: string;
  site?: string;
}

export interface SpareChoice {
  /** spares[i] replaces replacing[i]. */
  spares: Spare[];
  problems: string[];
}

/** A node a cutover replaces: its host and that host's site. */
export interface ReplacedHost {
  host: string;
  site?: string;
}

const siteOf = (h: { site?: string | undefined }) => h.site ?? '';
const siteName = (site: string) => (site ? `site ${site}` : 'hosts without a site');

/**
 * The spare hosts a cutover joins, one per node it replaces, from the site of that node: pods stay
 * where their data, users and links are. A spare is an SSM host registered for the cluster, Online,
 * in no pool and not running as a node, of the pool's architecture and an OS the target profile
 * allows. Hosts named with --hosts are paired with nodes of their own site first; the rest, across
 * sites, only because someone named them (the plan says so per pair).
 */
export function chooseSpares(
  f: Pick<PoolRequestFacts, 'cluster' | 'pool' | 'arch' | 'inventory' | 'profile'> & {
    given: readonly string[];
    replacing: readonly ReplacedHost[];
  },
): SpareChoice {
  const needed = f.replacing.length;
  const spareProblems = (h: CandidateHost): string[] => [
    ...poolHostProblems(h.name, f),
    ...(h.auth === 'iam-ra'
      ? [`Host ${h.name} uses IAM Roles Anywhere: a cutover joins only SSM hosts so far.`]
      : []),
    ...(h.nodeName && !h.pool ? [`Host ${h.name} already runs as node ${h.nodeName}: it is not spare.`] : []),
  ];
  if (f.given.length > 0) {
    const problems = f.given.flatMap((name) => {
      const host = f.inventory.find((h) => h.name === name && h.cluster === f.cluster && !h.deregistered);
      return host ? spareProblems(host) : poolHostProblems(name, f);
    });
    if (f.given.length !== needed) {
      problems.push(
        `--hosts names ${f.given.length} spare host${f.given.length === 1 ? '' : 's'}; a cutover replaces each of the pool's ${needed} nodes with one: name ${needed}.`,
      );
    }
    const named = f.given.flatMap((name) => {
      const host = f.inventory.find((h) => h.name === name && h.cluster === f.cluster);
      return host ? [host] : [];
    });
    if (problems.length > 0) return { spares: named.map(asSpare), problems };
    // Same site first; what is left pairs in the order given.
    return { spares: pairBySite(f.replacing, named, true).map((h) => asSpare(h!)), problems };
  }
  const eligible = f.inventory
    .filter((h) => h.cluster === f.cluster && !h.deregistered && !h.pool)
    .filter((h) => spareProblems(h).length === 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  const paired = pairBySite(f.replacing, eligible, false);
  const short = [...new Set(f.replacing.filter((_, i) => !paired[i]).map(siteOf))];
  if (short.length === 0) return { spares: paired.map((h) => asSpare(h!)), problems: [] };
  const what = `SSM, Online, in no pool, ${f.arch}, an OS ${f.profile.metadata.name}@${f.profile.metadata.version} allows`;
  return {
    spares: [],
    problems: short.map((site) => {
      const nodes = f.replacing.filter((r) => siteOf(r) === site).map((r) => r.host);
      const there = eligible.filter((h) => siteOf(h) === site).map((h) => h.name);
      return `A cutover replaces each node with a spare host from its own site: ${siteName(site)} needs ${nodes.length} (for ${nodes.join(', ')}) and ${there.length === 0 ? 'has no' : `has only ${there.length}`} eligible spare${there.length === 1 ? '' : 's'} (${what})${there.length > 0 ? `: ${there.join(', ')}` : ''}. Register more there with \`/hybrid host register\`, name spares from another site with --hosts (their pods then move between sites), or use --strategy in-place.`;
    }),
  };
}

/** For each node, the first free host of its site; with `fillAcross`, the rest fill the gaps in order. */
function pairBySite(
  replacing: readonly ReplacedHost[],
  hosts: readonly CandidateHost[],
  fillAcross: boolean,
): (CandidateHost | undefined)[] {
  const free = [...hosts];
  const take = (match: (h: CandidateHost) => boolean) => {
    const i = free.findIndex(match);
    return i < 0 ? undefined : free.splice(i, 1)[0];
  };
  const paired = replacing.map((r) => take((h) => !acrossSites(h, r)));
  return fillAcross ? paired.map((h) => h ?? take(() => true)) : paired;
}

function asSpare(h: CandidateHost): Spare {
  return { host: h.name, managedInstanceId: h.managedInstanceId ?? '', ...(h.site ? { site: h.site } : {}) };
}
