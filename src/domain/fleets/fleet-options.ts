import semver from 'semver';
import { OFFLINE_POLICIES, type OfflinePolicy } from './fleet-plan';
import { WAVE_KINDS, type WaveKind } from './fleet-waves';

/** A pool as the fleet selection reads it. */
export interface FleetCandidate {
  cluster: string;
  name: string;
  profile: { name: string; version: string };
}

const literal = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** `pos`, `east/pos`, `pos-*`, `east/*`: a pool name or cluster/name, `*` matching any run of characters. */
export function matchesPoolPattern(p: { cluster: string; name: string }, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(literal).join('.*')}$`);
  return pattern.includes('/') ? re.test(`${p.cluster}/${p.name}`) : re.test(p.name);
}

/**
 * The pools a fleet rollout of `target` takes: without a selector, every pool of the profile on an
 * older version; with one, the pools it names (a newer one then moves back, which the plan calls a
 * downgrade). Every other pool of the profile is left out, saying why.
 */
export function selectFleetPools<P extends FleetCandidate>(
  pools: readonly P[],
  target: { name: string; version: string },
  selector: readonly string[] = [],
): { selected: P[]; leftOut: { cluster: string; pool: string; why: string }[] } {
  const selected: P[] = [];
  const leftOut: { cluster: string; pool: string; why: string }[] = [];
  const ref = `${target.name}@${target.version}`;
  for (const p of pools) {
    const named = selector.some((s) => matchesPoolPattern(p, s));
    if (selector.length > 0 && !named) continue;
    const leave = (why: string) => leftOut.push({ cluster: p.cluster, pool: p.name, why });
    if (p.profile.name !== target.name) {
      if (named)
        leave(
          `it runs profile ${p.profile.name}, not ${target.name}: use \`/hybrid pool upgrade\` to switch it`,
        );
      continue;
    }
    if (p.profile.version === target.version) leave(`already at ${ref}`);
    else if (!named && semver.valid(p.profile.version) && semver.gt(p.profile.version, target.version))
      leave(
        `on ${p.profile.name}@${p.profile.version}, newer than ${ref}; name it in --pools to move it back`,
      );
    else selected.push(p);
  }
  return { selected, leftOut };
}

export interface FleetLimits {
  by: WaveKind;
  waveSize: number;
  parallelPools: number;
  bakeMs: number;
  offline: OfflinePolicy;
}

const whole = (text: string | undefined, fallback: number) =>
  text === undefined || text.trim() === '' ? fallback : Number(text.trim());

/** `30m`, `2h`, `90s`, `0`: how long a wave bakes. */
export function parseBake(text: string): number | undefined {
  const m = /^(\d+)\s*(s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n * (m[2] === 'h' ? 3_600_000 : m[2] === 's' ? 1000 : 60_000);
}

/** The fleet's own options, read once; each problem names its flag and says what it takes. */
export function parseFleetLimits(o: {
  waves?: string;
  'wave-size'?: string;
  'parallel-pools'?: string;
  bake?: string;
  offline?: string;
}): { limits: FleetLimits; problems: string[] } {
  const problems: string[] = [];
  const by = (o.waves ?? 'by-site') as WaveKind;
  if (!WAVE_KINDS.includes(by)) problems.push(`--waves ${o.waves} is unknown: use ${WAVE_KINDS.join(', ')}.`);
  const waveSize = whole(o['wave-size'], 1);
  if (!Number.isInteger(waveSize) || waveSize < 1)
    problems.push(`--wave-size ${o['wave-size']} is not a whole number of at least 1.`);
  const parallelPools = whole(o['parallel-pools'], 2);
  if (!Number.isInteger(parallelPools) || parallelPools < 1 || parallelPools > 50)
    problems.push(`--parallel-pools ${o['parallel-pools']} is not a whole number from 1 to 50.`);
  const bakeMs = o.bake === undefined ? 30 * 60_000 : parseBake(o.bake);
  if (bakeMs === undefined) problems.push(`--bake ${o.bake} is not a duration: say 30m, 2h, 90s or 0.`);
  const offline = (o.offline ?? 'skip') as OfflinePolicy;
  if (!OFFLINE_POLICIES.includes(offline))
    problems.push(`--offline ${o.offline} is unknown: use skip, wait or stop.`);
  return { limits: { by, waveSize, parallelPools, bakeMs: bakeMs ?? 0, offline }, problems };
}
