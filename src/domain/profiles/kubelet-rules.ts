import {
  KUBELET_CONFIG_FIELD_SINCE,
  KUBELET_CONFIG_FIELDS,
  KUBELET_CONFIG_OWNED,
} from './kubelet-config-fields';
import { kubeletValueProblems } from './kubelet-value-rules';
import { compareKubernetesMinors } from './kubernetes-minor';
import type { LocatedProblem, PathSegments } from './profile-path';
import { didYouMean } from './suggest';

/** `--name` or `--name=value`, names as kubelet spells them (lowercase words joined by "-"). */
const FLAG = /^--[a-z0-9]+(?:[-.][a-z0-9]+)*(?:=[\s\S]*)?$/;

/** Flags a profile must not pass to kubelet, and why. */
const OWNED_FLAGS: Record<string, string> = {
  '--hostname-override':
    'nodeadm names the node itself (the managed-instance ID or the IAM Roles Anywhere node name); remove it',
  '--node-labels': 'pools own labels; set them on the pool and the bot adds them to each node it joins',
  '--register-with-taints':
    'pools own taints; set them on the pool and the bot adds them to each node it joins',
};

export function kubeletFlagProblems(flags: unknown, at: PathSegments): LocatedProblem[] {
  if (!Array.isArray(flags)) return [];
  const names = flags.map((flag) => (typeof flag === 'string' ? (flag.split('=', 1)[0] ?? '') : undefined));
  return flags.flatMap((flag, index): LocatedProblem[] => {
    if (typeof flag !== 'string') return [];
    const where = [...at, index];
    const name = names[index] ?? '';
    const owned = Object.hasOwn(OWNED_FLAGS, name) ? OWNED_FLAGS[name] : undefined;
    if (owned)
      return [{ segments: where, message: `kubelet flag ${name} is not allowed in a profile: ${owned}.` }];
    // kubelet keeps the last of a repeated flag, so the earlier one would silently do nothing.
    const first = names.indexOf(name);
    if (first < index) {
      return [
        { segments: where, message: `kubelet flag ${name} is already set at flags[${first}]: keep one.` },
      ];
    }
    if (!FLAG.test(flag)) {
      return [
        {
          segments: where,
          message: `"${flag}" is not a kubelet flag: write --name or --name=value, e.g. --image-gc-high-threshold=80.`,
        },
      ];
    }
    return [];
  });
}

/** `kubernetesVersion` is the profile's, when it is a valid minor: a field newer than it is named too. */
export function kubeletConfigProblems(
  config: unknown,
  at: PathSegments,
  kubernetesVersion?: string,
): LocatedProblem[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return [];
  return Object.keys(config).flatMap((field): LocatedProblem[] => {
    const where = [...at, field];
    // hasOwn: a key such as "constructor" must not find Object.prototype's.
    const owned = Object.hasOwn(KUBELET_CONFIG_OWNED, field) ? KUBELET_CONFIG_OWNED[field] : undefined;
    if (owned)
      return [
        {
          segments: where,
          atKey: true,
          message: `kubelet config ${field} is not allowed in a profile: ${owned}.`,
        },
      ];
    const kind = Object.hasOwn(KUBELET_CONFIG_FIELDS, field) ? KUBELET_CONFIG_FIELDS[field] : undefined;
    if (kind === undefined) {
      return [
        {
          segments: where,
          atKey: true,
          message: `kubelet config has no field "${field}" (KubeletConfiguration v1beta1): kubelet would ignore it.${didYouMean(field, Object.keys(KUBELET_CONFIG_FIELDS))}`,
        },
      ];
    }
    const since = Object.hasOwn(KUBELET_CONFIG_FIELD_SINCE, field)
      ? KUBELET_CONFIG_FIELD_SINCE[field]
      : undefined;
    if (since && kubernetesVersion && compareKubernetesMinors(kubernetesVersion, since) < 0) {
      return [
        {
          segments: where,
          atKey: true,
          message: `kubelet config ${field} exists from Kubernetes ${since}; the kubelet of this profile (${kubernetesVersion}) does not know it: remove it, or move the profile to ${since} or later.`,
        },
      ];
    }
    return kubeletValueProblems(field, kind, (config as Record<string, unknown>)[field], where);
  });
}
