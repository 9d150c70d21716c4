import { type CandidateHost, type PoolRequestFacts, poolHostProblems } from '../pools/pool-eligibility';

export interface SpareChoice {
  spares: { host: string; managedInstanceId: string }[];
  problems: string[];
}

/**
 * The spare hosts a cutover joins, one per node it replaces: those named with --hosts, else the
 * first eligible by name. A spare is an SSM host registered for the cluster, Online, in no pool and
 * not running as a node, of the pool's architecture and an OS the target profile allows.
 */
export function chooseSpares(
  f: Pick<PoolRequestFacts, 'cluster' | 'pool' | 'arch' | 'inventory' | 'profile'> & {
    given: readonly string[];
    needed: number;
  },
): SpareChoice {
  const spareProblems = (h: CandidateHost): string[] => [
    ...poolHostProblems(h.name, f),
    ...(h.auth === 'iam-ra'
      ? [`Host ${h.name} uses IAM Roles Anywhere: a cutover joins only SSM hosts so far.`]
      : []),
    ...(h.nodeName && !h.pool ? [`Host ${h.name} already runs as node ${h.nodeName}: it is not spare.`] : []),
  ];
  const asSpare = (h: CandidateHost) => ({ host: h.name, managedInstanceId: h.managedInstanceId ?? '' });
  if (f.given.length > 0) {
    const problems = f.given.flatMap((name) => {
      const host = f.inventory.find((h) => h.name === name && h.cluster === f.cluster && !h.deregistered);
      return host ? spareProblems(host) : poolHostProblems(name, f);
    });
    if (f.given.length !== f.needed) {
      problems.push(
        `--hosts names ${f.given.length} spare host${f.given.length === 1 ? '' : 's'}; a cutover replaces each of the pool's ${f.needed} nodes with one: name ${f.needed}.`,
      );
    }
    const spares = f.given.flatMap((name) => {
      const host = f.inventory.find((h) => h.name === name && h.cluster === f.cluster);
      return host ? [asSpare(host)] : [];
    });
    return { spares, problems };
  }
  const eligible = f.inventory
    .filter((h) => h.cluster === f.cluster && !h.deregistered && !h.pool)
    .filter((h) => spareProblems(h).length === 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (eligible.length < f.needed) {
    return {
      spares: [],
      problems: [
        `A cutover replaces each of the pool's ${f.needed} nodes with a spare host, and ${eligible.length === 0 ? 'no' : `only ${eligible.length}`} eligible spare${eligible.length === 1 ? ' is' : 's are'} registered for ${f.cluster} (SSM, Online, in no pool, ${f.arch}, an OS ${f.profile.metadata.name}@${f.profile.metadata.version} allows)${eligible.length > 0 ? `: ${eligible.map((h) => h.name).join(', ')}` : ''}. Register more with \`/hybrid host register\`, or use --strategy in-place.`,
      ],
    };
  }
  return { spares: eligible.slice(0, f.needed).map(asSpare), problems: [] };
}
