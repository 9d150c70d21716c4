import type { CommandJobs } from '../commands';
import { parseProfileRef } from '../profile-ref';
import { parseUpgradeLimits } from '../rollouts/upgrade-limits';
import { parseFleetLimits } from './fleet-options';

/** The fleet form's fields, as Slack sends them back ('' for an empty one). */
export interface FleetUpgradeFormInput {
  target: string;
  /** The clusters picked; none means every cluster. */
  clusters: string[];
  canary: string;
  waves: string;
  waveSize: string;
  parallelPools: string;
  maxUnavailable: string;
  bake: string;
  window: string;
  offline: string;
  strategy: string;
}

export type FleetUpgradeFormField = keyof FleetUpgradeFormInput;

export type FleetUpgradeFormResult =
  | ({ ok: true } & CommandJobs['fleet upgrade'])
  | { ok: false; errors: Partial<Record<FleetUpgradeFormField, string>> };

/**
 * The fleet form read into the request `/hybrid fleet upgrade` makes, so both take one path from
 * here; each problem that needs no cluster to see is named under its field.
 */
export function readFleetUpgradeForm(input: FleetUpgradeFormInput): FleetUpgradeFormResult {
  const errors: Partial<Record<FleetUpgradeFormField, string>> = {};
  const t = (s: string) => s.trim();
  const target = t(input.target);
  const ref = parseProfileRef(target, { versionRequired: true });
  if (target === '') errors.target = 'Pick the profile version to roll out.';
  else if (!ref.ok) errors.target = ref.message;
  const given = <K extends string>(k: K, v: string) =>
    (t(v) ? { [k]: t(v) } : {}) as Partial<Record<K, string>>;
  const fleetOptions = {
    ...given('waves', input.waves),
    ...given('wave-size', input.waveSize),
    ...given('parallel-pools', input.parallelPools),
    ...given('bake', input.bake),
    ...given('offline', input.offline),
  };
  const { problems } = parseFleetLimits(fleetOptions);
  const field: Record<string, FleetUpgradeFormField> = {
    '--waves': 'waves',
    '--wave-size': 'waveSize',
    '--parallel-pools': 'parallelPools',
    '--bake': 'bake',
    '--offline': 'offline',
  };
  for (const p of problems) {
    const flag = Object.keys(field).find((f) => p.startsWith(`${f} `));
    if (flag) errors[field[flag] as FleetUpgradeFormField] = p.replace(`${flag} `, '');
  }
  const limits = parseUpgradeLimits({ maxUnavailable: input.maxUnavailable, window: input.window }, 'form');
  if (limits.problems.maxUnavailable) errors.maxUnavailable = limits.problems.maxUnavailable;
  if (limits.problems.window) errors.window = limits.problems.window;
  const strategy = t(input.strategy) || 'in-place';
  if (strategy !== 'in-place' && strategy !== 'cutover') errors.strategy = 'Pick in place or cutover.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    positionals: {},
    options: {
      profile: target,
      ...(input.clusters.length > 0 ? { clusters: input.clusters } : {}),
      ...given('canary', input.canary),
      ...fleetOptions,
      ...given('max-unavailable', input.maxUnavailable),
      ...given('window', input.window),
      strategy,
    },
  };
}
