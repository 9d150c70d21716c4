import { parse } from 'yaml';

export const COREDNS_ADDON = 'coredns';
export const COREDNS_NAMESPACE = 'kube-system';
export const COREDNS_DEPLOYMENT = 'coredns';
export const COREDNS_POD_SELECTOR = 'k8s-app=kube-dns';
/** AWS: at least two CoreDNS replicas on hybrid nodes (as many as there are hybrid nodes, if fewer). */
export const COREDNS_ON_HYBRID = 2;

/** What decides whether a change that brings hybrid nodes also moves CoreDNS replicas onto them. */
export interface CoreDnsFacts {
  /** The coredns EKS add-on's configurationValues (JSON or YAML, '' when unset); undefined when it is no EKS add-on. */
  addonValues?: string;
  /** The coredns Deployment's spec.replicas; undefined when there is no such Deployment. */
  replicas?: number;
  /** coredns pods Running and Ready on hybrid nodes now. */
  onHybrid: number;
  /** Hybrid nodes once the change is done. */
  hybridNodesAfter: number;
  /** Of those, the ones a CoreDNS pod may be scheduled on (not cordoned, their taints tolerated). */
  hybridNodesForCoreDns: number;
}

/** The step's input: how many replicas should run on hybrid nodes, and the replicaCount that gets them there. */
export interface CoreDnsStep {
  wantedOnHybrid: number;
  fromReplicas: number;
  replicaCount: number;
}

export interface CoreDnsPlacement {
  /** The plan's line; undefined when there is nothing to say. */
  line?: string;
  step?: CoreDnsStep;
}

type AddonValues = { [key: string]: unknown };

/** The add-on's configurationValues as a map ({} when unset); undefined when they are not a JSON or YAML map. */
export function readAddonValues(text: string): AddonValues | undefined {
  if (text.trim() === '') return {};
  try {
    const parsed = parse(text) as unknown;
    if (parsed === null || parsed === undefined) return {};
    return typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as AddonValues) : undefined;
  } catch {
    return undefined;
  }
}

/** The values with replicaCount set and every other key kept, as JSON (EKS takes JSON or YAML). */
export function withReplicaCount(values: AddonValues, replicaCount: number): string {
  return JSON.stringify({ ...values, replicaCount });
}

/** The replicaCount the values ask for; undefined when they leave it to the add-on's default. */
export function configuredReplicaCount(values: AddonValues): number | undefined {
  return typeof values.replicaCount === 'number' ? values.replicaCount : undefined;
}

const autoScaled = (values: AddonValues) => {
  const a = values.autoScaling;
  return typeof a === 'object' && a !== null && (a as { enabled?: unknown }).enabled === true;
};

const ADVICE = 'AWS advises replicas on both cloud and hybrid nodes';

/**
 * Running pods never move to new nodes, so CoreDNS stays on the cloud nodes after hybrid nodes join
 * unless replicas are added: min(2, hybrid nodes it may run on) should run there. Where CoreDNS is an
 * EKS add-on its replicaCount goes up by what is missing (its preferred anti-affinity on hostnames
 * puts the new replicas on the nodes without one); otherwise the plan says what the user can do.
 */
export function planCoreDnsPlacement(f: CoreDnsFacts): CoreDnsPlacement {
  if (f.replicas === undefined || f.hybridNodesAfter === 0) return {};
  const wanted = Math.min(COREDNS_ON_HYBRID, f.hybridNodesForCoreDns);
  if (f.hybridNodesForCoreDns === 0 && f.onHybrid === 0) {
    return {
      line: `CoreDNS: no hybrid node can take a replica (their taints are not tolerated by coredns, or they are cordoned), so all ${f.replicas} stay on cloud nodes; ${ADVICE}: add a toleration to the coredns add-on's values, or keep some hybrid nodes untainted`,
    };
  }
  if (f.onHybrid >= wanted) return {};
  const missing = wanted - f.onHybrid;
  const replicaCount = f.replicas + missing;
  const now = `CoreDNS: ${f.onHybrid} of ${f.replicas} replicas on hybrid nodes; ${ADVICE}`;
  if (f.addonValues === undefined) {
    return {
      line: `${now}. coredns is not an EKS add-on here, so the bot leaves it: scale it yourself once the nodes are Ready (\`kubectl -n kube-system scale deployment coredns --replicas=${replicaCount}\`), or make it an EKS add-on and plan again`,
    };
  }
  const values = readAddonValues(f.addonValues);
  if (values === undefined) {
    return {
      line: `${now}, but the coredns add-on's configurationValues are neither a JSON nor a YAML map, so the bot leaves them: fix them (\`aws eks describe-addon --addon-name coredns\`), then plan again`,
    };
  }
  if (autoScaled(values)) {
    return {
      line: `${now}; the coredns add-on scales itself (autoScaling.enabled), so the bot leaves its replicas: raise autoScaling.minReplicas in its values if fewer than ${wanted} reach hybrid nodes`,
    };
  }
  return {
    line: `${now}: the coredns add-on's replicaCount goes ${f.replicas} → ${replicaCount} (UpdateAddon, its other values kept)`,
    step: { wantedOnHybrid: wanted, fromReplicas: f.replicas, replicaCount },
  };
}
