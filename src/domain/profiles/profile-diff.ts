import { diffArrays } from 'diff';
import type { ClusterProfile, ContainerdSource, HostOs, OsMode } from './profile';
import { sortKeys } from './profile-yaml';

export interface ValueChange<T> {
  from: T | undefined;
  to: T | undefined;
}

/** One KubeletConfiguration setting, by its path (`evictionHard["memory.available"]` is `evictionHard.memory.available`). */
export interface SettingChange {
  key: string;
  kind: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

/** One line of a list or text compared in order (kubelet flags, containerd TOML). */
export interface LineChange {
  op: 'add' | 'remove' | 'same';
  text: string;
}

/** What differs between two profiles, layer by layer; an empty field means that layer is unchanged. */
export interface ProfileDiff {
  name: string;
  fromVersion: string;
  toVersion: string;
  description?: ValueChange<string>;
  os: {
    mode?: ValueChange<OsMode>;
    image?: ValueChange<string>;
    supported?: { added: HostOs[]; removed: HostOs[] };
  };
  kubernetesVersion?: ValueChange<string>;
  containerdSource?: ValueChange<ContainerdSource>;
  kubeletConfig: SettingChange[];
  /** The flags in order with their changes; empty when the flags are the same. */
  kubeletFlags: LineChange[];
  /** The containerd TOML line by line; empty when it is the same. */
  containerdConfig: LineChange[];
}

export function diffProfiles(a: ClusterProfile, b: ClusterProfile): ProfileDiff {
  const supportedBefore = a.spec.os.supported ?? [];
  const supportedAfter = b.spec.os.supported ?? [];
  const added = supportedAfter.filter((os) => !supportedBefore.includes(os));
  const removed = supportedBefore.filter((os) => !supportedAfter.includes(os));
  const ka = a.spec.kubernetes;
  const kb = b.spec.kubernetes;
  return {
    name: b.metadata.name,
    fromVersion: a.metadata.version,
    toVersion: b.metadata.version,
    ...change('description', a.metadata.description, b.metadata.description),
    os: {
      ...change('mode', a.spec.os.mode, b.spec.os.mode),
      ...change('image', a.spec.os.image, b.spec.os.image),
      ...(added.length + removed.length > 0 ? { supported: { added, removed } } : {}),
    },
    ...change('kubernetesVersion', ka.version, kb.version),
    ...change('containerdSource', ka.containerdSource, kb.containerdSource),
    kubeletConfig: settingChanges(ka.kubelet?.config ?? {}, kb.kubelet?.config ?? {}),
    kubeletFlags: lineChanges(ka.kubelet?.flags ?? [], kb.kubelet?.flags ?? []),
    containerdConfig: lineChanges(tomlLines(ka.containerd?.config), tomlLines(kb.containerd?.config)),
  };
}

/** Whether the two profiles differ in anything but their version. */
export function hasChanges(diff: ProfileDiff): boolean {
  return (
    diff.description !== undefined ||
    Object.keys(diff.os).length > 0 ||
    diff.kubernetesVersion !== undefined ||
    diff.containerdSource !== undefined ||
    diff.kubeletConfig.length > 0 ||
    diff.kubeletFlags.length > 0 ||
    diff.containerdConfig.length > 0
  );
}

function change<K extends string, T>(
  key: K,
  from: T | undefined,
  to: T | undefined,
): { [P in K]?: ValueChange<T> } {
  return from === to ? {} : ({ [key]: { from, to } } as { [P in K]?: ValueChange<T> });
}

function settingChanges(before: Record<string, unknown>, after: Record<string, unknown>): SettingChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.flatMap((key): SettingChange[] => {
    if (!a.has(key)) return [{ key, kind: 'added', to: b.get(key) }];
    if (!b.has(key)) return [{ key, kind: 'removed', from: a.get(key) }];
    const from = a.get(key);
    const to = b.get(key);
    return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ key, kind: 'changed', from, to }];
  });
}

/** Nested mappings become dotted keys, so a change deep in evictionHard names the one threshold. */
function flatten(
  config: Record<string, unknown>,
  prefix = '',
  out = new Map<string, unknown>(),
): Map<string, unknown> {
  for (const [key, value] of Object.entries(config)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length > 0
    ) {
      flatten(value as Record<string, unknown>, path, out);
    } else {
      out.set(path, sortKeys(value));
    }
  }
  return out;
}

function tomlLines(config: string | undefined): string[] {
  if (config === undefined || config === '') return [];
  return config.replace(/\n$/, '').split('\n');
}

function lineChanges(before: string[], after: string[]): LineChange[] {
  if (before.length === after.length && before.every((line, i) => line === after[i])) return [];
  return diffArrays(before, after).flatMap((part) =>
    part.value.map(
      (text): LineChange => ({ op: part.added ? 'add' : part.removed ? 'remove' : 'same', text }),
    ),
  );
}
