import { z } from 'zod';

/** A cluster profile as a platform team keeps it in Git: the OS layer and the Kubernetes layer of a pool. */
export const PROFILE_API_VERSION = 'hybrid-bot.io/v1';
export const PROFILE_KIND = 'ClusterProfile';

/** Host operating systems AWS validates for hybrid nodes and nodeadm runs on (Bottlerocket has no nodeadm). */
export const HOST_OSES = [
  'ubuntu-20.04',
  'ubuntu-22.04',
  'ubuntu-24.04',
  'rhel-8',
  'rhel-9',
  'al2023',
] as const;
export type HostOs = (typeof HOST_OSES)[number];

/** nodeadm install --containerd-source. */
export const CONTAINERD_SOURCES = ['distro', 'docker', 'none'] as const;
export type ContainerdSource = (typeof CONTAINERD_SOURCES)[number];

/** Agent: the host keeps its own OS. Appliance: the host is imaged from a provider image. */
export const OS_MODES = ['agent', 'appliance'] as const;
export type OsMode = (typeof OS_MODES)[number];

/**
 * A valid profile in canonical form: optional fields that are empty ("", [], {}) are left out,
 * so two profiles that mean the same thing are equal.
 */
export interface ClusterProfile {
  apiVersion: typeof PROFILE_API_VERSION;
  kind: typeof PROFILE_KIND;
  metadata: { name: string; version: string; description?: string };
  spec: {
    os: { mode: OsMode; image?: string; supported?: HostOs[] };
    kubernetes: {
      /** EKS Distro minor, e.g. "1.31". */
      version: string;
      containerdSource: ContainerdSource;
      kubelet?: { config?: Record<string, unknown>; flags?: string[] };
      containerd?: { config?: string };
    };
  };
}

/** One thing wrong with a profile: where (YAML path, and line/column when it came from text) and what to do. */
export interface ProfileProblem {
  /** e.g. `spec.kubernetes.kubelet.flags[1]`; empty for the document itself. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export interface ProfileContext {
  /** The Kubernetes minors this bot offers (configuration `kubernetesVersions`). */
  kubernetesVersions: readonly string[];
}

export type ProfileResult = { ok: true; profile: ClusterProfile } | { ok: false; problems: ProfileProblem[] };

/**
 * The profile's shape: types, required fields, allowed values, no unknown keys. The rules that
 * need more than one field or the configuration live in profile-rules.ts.
 */
export const clusterProfileSchema = z.strictObject({
  apiVersion: z.literal(PROFILE_API_VERSION),
  kind: z.literal(PROFILE_KIND),
  metadata: z.strictObject({
    name: z.string(),
    version: z.string(),
    description: z.string().optional(),
  }),
  spec: z.strictObject({
    os: z.strictObject({
      mode: z.enum(OS_MODES),
      image: z.string().optional(),
      supported: z.array(z.enum(HOST_OSES)).optional(),
    }),
    kubernetes: z.strictObject({
      version: z.string(),
      containerdSource: z.enum(CONTAINERD_SOURCES),
      kubelet: z
        .strictObject({
          config: z.record(z.string(), z.unknown()).optional(),
          flags: z.array(z.string()).optional(),
        })
        .optional(),
      containerd: z.strictObject({ config: z.string().optional() }).optional(),
    }),
  }),
});
