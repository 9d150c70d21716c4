import { awsSupportsOs } from '../host-facts/supported-os';
import { hostOsProblems } from '../profiles/host-os-rules';
import type { ClusterProfile, HostOs } from '../profiles/profile';
import { checkProfileForCluster } from '../profiles/profile-cluster-check';
import { type HostPlatform, hostOsGate } from './host-os-gate';

/** RFC 1123 label: a pool's name is also a label value on its nodes. */
const POOL_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A registered host as a pool sees it: the inventory's record and what SSM says of it now. */
export interface CandidateHost {
  name: string;
  cluster: string;
  auth: 'ssm' | 'iam-ra';
  deregistered: boolean;
  /** The site it was registered at (absent when none was given). */
  site?: string;
  managedInstanceId?: string;
  /** SSM's PingStatus for the managed instance (`Online`, `ConnectionLost`, `Inactive`). */
  ping?: string;
  arch?: 'amd64' | 'arm64';
  os?: HostOs;
  /** The OS as SSM reports it, even one the bot has no name for (one AWS does not support). */
  platform?: HostPlatform;
  /** The pool the host already belongs to, in this cluster. */
  pool?: string;
  /** The node it runs as when it joined outside a pool: the pool adopts it rather than joining it again. */
  nodeName?: string;
  /** That node's kubelet version (v1.31.4-eks-…). */
  kubeletVersion?: string;
}

export interface PoolRequestFacts {
  cluster: string;
  pool: string;
  arch: 'amd64' | 'arm64';
  hosts: readonly string[];
  /** Pools that exist in the cluster. */
  existingPools: readonly string[];
  inventory: readonly CandidateHost[];
  profile: ClusterProfile;
  controlPlaneVersion: string;
  /** Titles of the doctor checks that fail and block hybrid nodes. */
  blockingChecks: readonly string[];
  /** Why the cluster's Cilium layer is not in place; undefined when it is. */
  cniMissing?: string;
  /** false when creating; true when hosts are added to an existing pool. */
  adding?: boolean;
}

/** Why the pool's name cannot be used in the cluster (invalid, or taken when creating); empty when it can. */
export function poolNameProblems(
  f: Pick<PoolRequestFacts, 'cluster' | 'pool' | 'existingPools' | 'adding'>,
): string[] {
  if (!POOL_NAME.test(f.pool)) {
    return [
      `Pool name "${f.pool}" is invalid: up to 63 lowercase letters, digits and "-", starting and ending with a letter or digit.`,
    ];
  }
  if (!f.adding && f.existingPools.includes(f.pool)) {
    return [
      `Pool ${f.pool} already exists in ${f.cluster}: pick another name, or grow it with \`/hybrid pool add\`.`,
    ];
  }
  return [];
}

/** Every reason the pool cannot be made (or grown) as asked, each saying what to do; empty when it can. */
export function poolRequestProblems(f: PoolRequestFacts): string[] {
  const problems: string[] = [...poolNameProblems(f)];
  if (f.hosts.length === 0) problems.push('No hosts given: list them with --hosts h1,h2.');
  const seen = new Set<string>();
  for (const name of f.hosts) {
    if (seen.has(name)) problems.push(`Host ${name} is listed twice.`);
    seen.add(name);
    problems.push(...poolHostProblems(name, f));
  }
  problems.push(...checkProfileForCluster(f.profile, f.controlPlaneVersion).map((p) => p.message));
  for (const check of f.blockingChecks) {
    problems.push(
      `The cluster fails the doctor's check "${check}": see \`/hybrid doctor ${f.cluster}\` and fix it first.`,
    );
  }
  if (f.cniMissing)
    problems.push(`${f.cniMissing} Set it with \`/hybrid cni set ${f.cluster} --cilium <version>\`.`);
  return problems;
}

/**
 * Why a host cannot go into the pool by what the bot's records say (registered for the cluster, in
 * no other pool, registered with SSM when it uses SSM, of the pool's architecture); empty when it can.
 * The pool form lists and checks hosts by these alone: they need no call to AWS or the cluster.
 */
export function hostPlacementProblems(
  name: string,
  f: Pick<PoolRequestFacts, 'cluster' | 'pool' | 'arch' | 'inventory'>,
): string[] {
  const host = f.inventory.find((h) => h.name === name && h.cluster === f.cluster && !h.deregistered);
  if (!host) {
    const elsewhere = f.inventory.find((h) => h.name === name && !h.deregistered);
    return [
      elsewhere
        ? `Host ${name} is registered for cluster ${elsewhere.cluster}, not ${f.cluster}.`
        : `Host ${name} is not registered: register it with \`/hybrid host register ${name}\` first.`,
    ];
  }
  const problems: string[] = [];
  if (host.pool) problems.push(`Host ${name} is already in pool ${host.pool}.`);
  if (host.auth === 'ssm' && !host.managedInstanceId) {
    problems.push(`Host ${name} has not registered with SSM yet: run its bootstrap first.`);
  }
  if (host.arch && host.arch !== f.arch)
    problems.push(`Host ${name} is ${host.arch}; the pool is ${f.arch}.`);
  return problems;
}

/** Why one host cannot join the pool (a new pool, or one that grows), each saying what to do; empty when it can. */
export function poolHostProblems(
  name: string,
  f: Pick<PoolRequestFacts, 'cluster' | 'pool' | 'arch' | 'inventory' | 'profile'>,
): string[] {
  const placement = hostPlacementProblems(name, f);
  const host = f.inventory.find((h) => h.name === name && h.cluster === f.cluster && !h.deregistered);
  if (!host) return placement;
  const problems: string[] = [...placement];
  if (host.nodeName && !host.pool && host.kubeletVersion) {
    const minor = /^v?(\d+\.\d+)/.exec(host.kubeletVersion)?.[1];
    if (minor && minor !== f.profile.spec.kubernetes.version) {
      problems.push(
        `Host ${name} runs as node ${host.nodeName} at kubelet ${minor}, not the profile's ${f.profile.spec.kubernetes.version}: a pool adopts a running node only at its own version. Pick a profile at ${minor}, then upgrade the pool.`,
      );
    }
  }
  if (host.auth === 'ssm' && host.managedInstanceId && host.ping !== 'Online') {
    problems.push(
      `Host ${name} (${host.managedInstanceId}) is ${host.ping ?? 'unknown'} in SSM, not Online: check its SSM agent and network.`,
    );
  }
  if (host.platform && awsSupportsOs(host.platform) === false) problems.push(...hostOsGate(host, f.profile));
  else if (host.os)
    problems.push(...hostOsProblems(f.profile, host.os, host.auth).map((p) => `Host ${name}: ${p}`));
  return problems;
}
