import type { z } from 'zod';
import type { ClusterProfile, clusterProfileSchema } from './profile';

type ParsedShape = z.output<typeof clusterProfileSchema>;

/**
 * Drops optional fields that say nothing ("", [], {}), so a profile exported, edited in a modal or
 * written by hand compares equal when it means the same thing.
 */
export function canonicalProfile(parsed: ParsedShape): ClusterProfile {
  const { os, kubernetes } = parsed.spec;
  const kubelet = {
    ...(nonEmptyObject(kubernetes.kubelet?.config) ? { config: kubernetes.kubelet.config } : {}),
    ...(nonEmptyArray(kubernetes.kubelet?.flags) ? { flags: kubernetes.kubelet.flags } : {}),
  };
  const containerdConfig = kubernetes.containerd?.config;
  return {
    apiVersion: parsed.apiVersion,
    kind: parsed.kind,
    metadata: {
      name: parsed.metadata.name,
      version: parsed.metadata.version,
      ...(parsed.metadata.description ? { description: parsed.metadata.description } : {}),
    },
    spec: {
      os: {
        mode: os.mode,
        ...(os.image ? { image: os.image } : {}),
        ...(nonEmptyArray(os.supported) ? { supported: os.supported } : {}),
      },
      kubernetes: {
        version: kubernetes.version,
        containerdSource: kubernetes.containerdSource,
        ...(Object.keys(kubelet).length > 0 ? { kubelet } : {}),
        ...(containerdConfig ? { containerd: { config: containerdConfig } } : {}),
      },
    },
  };
}

function nonEmptyArray<T>(value: T[] | undefined): value is T[] {
  return value !== undefined && value.length > 0;
}

function nonEmptyObject(value: Record<string, unknown> | undefined): value is Record<string, unknown> {
  return value !== undefined && Object.keys(value).length > 0;
}
