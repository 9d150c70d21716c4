/** How a fleet rollout cuts its pools into waves: a site, a cluster or a pool at a time. */
export const WAVE_KINDS = ['by-site', 'by-cluster', 'by-pool'] as const;
export type WaveKind = (typeof WAVE_KINDS)[number];

/** A pool as the fleet rollout places it in a wave. */
export interface WavePool {
  cluster: string;
  pool: string;
  /** The sites of its hosts, sorted; empty when none has one. */
  sites: string[];
}

export interface Wave<P extends WavePool> {
  /** What a person reads: "canary: site store-12", "site store-14", "clusters east, west". */
  name: string;
  pools: P[];
}

export interface WaveOptions {
  by: WaveKind;
  /** Sites, clusters or pools (as `by` says) per wave; 1 unless given. */
  size: number;
  /** A site, a pool (`pool` or `cluster/pool`) or a cluster whose pools go first, alone. */
  canary?: string;
}

const NO_SITE = '(no site)';

/** The sites a pool spans as one key: a pool over two sites moves with neither alone. */
const siteKey = (p: WavePool) => (p.sites.length > 0 ? p.sites.join('+') : NO_SITE);

function keyOf(p: WavePool, by: WaveKind): string {
  if (by === 'by-site') return siteKey(p);
  if (by === 'by-cluster') return p.cluster;
  return `${p.cluster}/${p.pool}`;
}

const NOUN: Record<WaveKind, [string, string]> = {
  'by-site': ['site', 'sites'],
  'by-cluster': ['cluster', 'clusters'],
  'by-pool': ['pool', 'pools'],
};

/** Whether a pool is the canary's: its name, `cluster/name`, one of its sites, or its cluster. */
export function isCanary(p: WavePool, canary: string): boolean {
  return (
    p.pool === canary ||
    `${p.cluster}/${p.pool}` === canary ||
    p.sites.includes(canary) ||
    p.cluster === canary
  );
}

/**
 * The waves, in order: the canary's pools first (alone), then the others `size` sites, clusters or
 * pools at a time, in name order so the same fleet always gives the same plan; within a wave, by
 * site, cluster or pool name, the pools of one keeping their given order.
 */
export function assignWaves<P extends WavePool>(pools: readonly P[], opts: WaveOptions): Wave<P>[] {
  const waves: Wave<P>[] = [];
  const canary = opts.canary ? pools.filter((p) => isCanary(p, opts.canary ?? '')) : [];
  if (canary.length > 0) waves.push({ name: `canary: ${opts.canary}`, pools: canary });
  const rest = pools.filter((p) => !canary.includes(p));
  const byKey = new Map<string, P[]>();
  for (const p of rest) {
    const k = keyOf(p, opts.by);
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }
  const keys = [...byKey.keys()].sort((a, b) => a.localeCompare(b));
  const size = Math.max(1, Math.floor(opts.size));
  const [one, many] = NOUN[opts.by];
  for (let i = 0; i < keys.length; i += size) {
    const chunk = keys.slice(i, i + size);
    waves.push({
      name: `${chunk.length === 1 ? one : many} ${chunk.join(', ')}`,
      pools: chunk.flatMap((k) => byKey.get(k) ?? []),
    });
  }
  return waves;
}

/**
 * The wall-clock time of a wave whose pools run `parallel` at a time, each taking its estimate:
 * pools start in order as slots free up.
 */
export function waveMs(estimates: readonly number[], parallel: number): number {
  const slots = new Array<number>(Math.max(1, parallel)).fill(0);
  for (const ms of estimates) {
    const i = slots.indexOf(Math.min(...slots));
    slots[i] = (slots[i] ?? 0) + ms;
  }
  return Math.max(0, ...slots);
}
