import { stringify } from 'yaml';
import type { ClusterProfile } from './profile';

/**
 * The profile as YAML for Git, in one canonical form: fixed key order, kubelet config keys sorted,
 * containerd TOML as a literal block. Equal profiles give equal bytes, so a diff in Git shows only
 * what changed, and reading it back gives the same profile.
 */
export function profileToYaml(profile: ClusterProfile): string {
  const { metadata, spec } = profile;
  const { os, kubernetes } = spec;
  const ordered = {
    apiVersion: profile.apiVersion,
    kind: profile.kind,
    metadata: pick({ name: metadata.name, version: metadata.version, description: metadata.description }),
    spec: {
      os: pick({ mode: os.mode, image: os.image, supported: os.supported }),
      kubernetes: pick({
        version: kubernetes.version,
        containerdSource: kubernetes.containerdSource,
        kubelet: kubernetes.kubelet
          ? pick({
              config: kubernetes.kubelet.config ? sortKeys(kubernetes.kubelet.config) : undefined,
              flags: kubernetes.kubelet.flags,
            })
          : undefined,
        containerd: kubernetes.containerd ? pick({ config: kubernetes.containerd.config }) : undefined,
      }),
    },
  };
  return stringify(ordered, { lineWidth: 0, blockQuote: 'literal' });
}

/** Leaves out fields that are absent, keeping the order written. */
function pick<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Mapping keys in code-point order at every depth; lists keep their order (it can mean something). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
}
