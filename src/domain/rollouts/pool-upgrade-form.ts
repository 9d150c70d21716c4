import type { CommandJobs } from '../commands';
import { type ProfileVersionFacts, usableVersions } from '../pools/pool-updates';
import { parseProfileRef } from '../profile-ref';
import { parseUpgradeLimits } from './upgrade-limits';

/** A version the pool could move to, as the upgrade form offers it. */
export interface UpgradeTarget {
  /** `name@version`, exactly as `--profile` takes it. */
  ref: string;
  kubernetesVersion: string;
}

export interface UpgradeTargets {
  /** The newer versions a rollout would accept, newest first. */
  targets: UpgradeTarget[];
  /** The newer versions a rollout would refuse on this control plane, newest first, each with why. */
  notOffered: { version: string; why: string }[];
}

/**
 * What the upgrade form offers: the stored versions newer than the pool runs that a rollout would
 * accept on the control plane (the rule "updates available" follows); every newer one when the
 * control plane's version is not known, as the plan checks it again.
 */
export function upgradeTargets(
  profile: { name: string; version: string },
  stored: readonly ProfileVersionFacts[],
  controlPlaneVersion: string | undefined,
): UpgradeTargets {
  const { usable, refused } = usableVersions(profile.version, stored, controlPlaneVersion);
  return {
    targets: usable.map((s) => ({
      ref: `${profile.name}@${s.version}`,
      kubernetesVersion: s.kubernetesVersion,
    })),
    notOffered: refused,
  };
}

export interface PoolUpgradeFormInput {
  cluster: string;
  pool: string;
  /** The picked `name@version`. */
  target: string;
  maxUnavailable: string;
  /** `HH:MM-HH:MM` or ''. */
  window: string;
  /** `in-place` (also when '') or `cutover`. */
  strategy?: string;
}

export type PoolUpgradeFormField = 'target' | 'maxUnavailable' | 'window' | 'strategy';

export type PoolUpgradeFormResult =
  | ({
      ok: true;
      /** The positionals and options `/hybrid pool upgrade` would have been typed with. */
    } & CommandJobs['pool upgrade'])
  | { ok: false; errors: Partial<Record<PoolUpgradeFormField, string>> };

/**
 * The upgrade form's fields read into the text command's request, so both take one path from
 * here on. What can be checked without the cluster is checked here, each problem under its field.
 */
export function readPoolUpgradeForm(input: PoolUpgradeFormInput): PoolUpgradeFormResult {
  const errors: Partial<Record<PoolUpgradeFormField, string>> = {};
  const target = input.target.trim();
  const ref = parseProfileRef(target, { versionRequired: true });
  if (target === '') errors.target = 'Pick the version to roll out.';
  else if (!ref.ok) errors.target = ref.message;
  const limits = parseUpgradeLimits({ maxUnavailable: input.maxUnavailable, window: input.window }, 'form');
  if (limits.problems.maxUnavailable) errors.maxUnavailable = limits.problems.maxUnavailable;
  if (limits.problems.window) errors.window = limits.problems.window;
  const strategy = input.strategy?.trim() || 'in-place';
  if (strategy !== 'in-place' && strategy !== 'cutover') errors.strategy = 'Pick in place or cutover.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const window = input.window.trim();
  return {
    ok: true,
    positionals: { pool: input.pool },
    options: {
      cluster: input.cluster,
      profile: target,
      'max-unavailable': String(limits.maxUnavailable),
      ...(window ? { window } : {}),
      ...(strategy === 'cutover' ? { strategy } : {}),
    },
  };
}
