import { qualifyingAgentNodes } from '../agent-nodes';
import { evaluateAvailability, knownSite } from '../availability';
import { listSome } from '../doctor-check';
import { isHybridNode, type MonitorFacts, type NodeFacts } from '../facts';
import { hostLabel } from '../host-names';
import type { Alert, AlertNode } from './alert';

/** When each hybrid node was first seen NotReady (epoch ms), by node name. */
export type NotReadySince = Record<string, number>;

export interface Unreachable {
  cluster: string;
  unreachable: string;
}

/** What one evaluation hands to the next. */
export interface MonitorMemory {
  notReadySince: NotReadySince;
  /** Epoch ms of the first failed read in the current run of failures; absent while reachable. */
  unreachableSince?: number;
  /** When each pool was first seen drifting (epoch ms), by pool name. */
  poolDriftSince?: Record<string, number>;
}

export interface AlertEvaluation extends MonitorMemory {
  alerts: Alert[];
}

export function evaluateAlertRules(
  input: MonitorFacts | Unreachable,
  previous: MonitorMemory,
  now: number,
  options: { gracePeriodSeconds: number },
): AlertEvaluation {
  if ('unreachable' in input) {
    // Nothing is known about the nodes: keep their NotReady clocks as they were, and page only
    // once the outage outlasts the grace period, so one failed API call wakes nobody.
    const unreachableSince = previous.unreachableSince ?? now;
    const sustained = now - unreachableSince >= options.gracePeriodSeconds * 1000;
    return {
      alerts: sustained ? [unreachableAlert(input)] : [],
      notReadySince: previous.notReadySince,
      unreachableSince,
      ...(previous.poolDriftSince ? { poolDriftSince: previous.poolDriftSince } : {}),
    };
  }
  const notReadySince = trackNotReady(input.nodes.filter(isHybridNode), previous.notReadySince, now);
  const graceEnd = now - options.gracePeriodSeconds * 1000;
  const poolDriftSince = trackPoolDrift(input, previous.poolDriftSince ?? {}, now);
  return {
    alerts: [
      ...agentAlerts(input),
      ...nodegroupAlerts(input),
      ...hybridNodeAlerts(input, notReadySince, graceEnd),
      ...cniDriftAlerts(input),
      ...poolDriftAlerts(input, poolDriftSince, graceEnd),
    ],
    notReadySince,
    ...(Object.keys(poolDriftSince).length > 0 ? { poolDriftSince } : {}),
  };
}

/** Pools not read this time (a change moves them) keep their clock; pools without drift lose theirs. */
function trackPoolDrift(
  facts: MonitorFacts,
  previous: Record<string, number>,
  now: number,
): Record<string, number> {
  if (facts.poolDrift === undefined) return previous;
  return Object.fromEntries(facts.poolDrift.map((p) => [p.pool, previous[p.pool] ?? now]));
}

/**
 * One alert per pool whose nodes drift from it for longer than the grace period (a node that just
 * joined may wait a moment for its labels); it resolves when the drift goes.
 */
function poolDriftAlerts(facts: MonitorFacts, since: Record<string, number>, graceEnd: number): Alert[] {
  return (facts.poolDrift ?? [])
    .filter((p) => (since[p.pool] ?? Number.POSITIVE_INFINITY) <= graceEnd)
    .map((p) => ({
      key: `${facts.name}/pool-drift/${p.pool}`,
      cluster: facts.name,
      rule: 'pool-drift' as const,
      severity: 'warning' as const,
      summary: `Pool ${p.pool} on ${facts.name} has drifted: ${p.count} ${p.count === 1 ? 'difference' : 'differences'} from what it wants.`,
      details: `${p.lines.slice(0, 5).join('; ')}${p.lines.length > 5 ? `; and ${p.lines.length - 5} more` : ''}. See /hybrid pool show ${p.pool} --cluster ${facts.name}.`,
    }));
}

/** The running CNI no longer matches the layer recorded by the last `cni set`; resolves when back in step. */
function cniDriftAlerts(facts: MonitorFacts): Alert[] {
  const drift = facts.cniDrift ?? [];
  if (drift.length === 0) return [];
  return [
    {
      key: `${facts.name}/cni-drift`,
      cluster: facts.name,
      rule: 'cni-drift',
      severity: 'warning',
      summary: `Cilium on ${facts.name} has drifted from its desired layer (${listSome(
        drift.map((d) => d.what),
        3,
      )}).`,
      details: `${drift.map((d) => `${d.what}: running ${d.running}, wanted ${d.desired}`).join('; ')}. See /hybrid cni show ${facts.name}; /hybrid cni set puts it back.`,
    },
  ];
}

function unreachableAlert(input: Unreachable): Alert {
  return {
    key: `${input.cluster}/cluster-unreachable`,
    cluster: input.cluster,
    rule: 'cluster-unreachable',
    severity: 'warning',
    summary: `State of ${input.cluster} unknown: the bot cannot reach it.`,
    details: `${input.unreachable} Node health is not evaluated until it is reachable again; check credentials and the API endpoint.`,
  };
}

function trackNotReady(nodes: readonly NodeFacts[], previous: NotReadySince, now: number): NotReadySince {
  const next: NotReadySince = {};
  for (const node of nodes) {
    if (!node.ready) next[node.name] = previous[node.name] ?? now;
  }
  return next;
}

function agentAlerts(facts: MonitorFacts): Alert[] {
  const availability = evaluateAvailability(facts);
  const { qualifyingReady, qualifyingTotal } = availability.agentNodes;
  if (qualifyingReady === 0) {
    return [
      {
        key: `${facts.name}/agent-node-unavailable`,
        cluster: facts.name,
        rule: 'agent-node-unavailable',
        severity: 'critical',
        summary: `No cloud worker can host the management agent on ${facts.name}: hybrid nodes are unmanaged.`,
        details: `${qualifyingTotal} qualifying workers, none Ready. Check the agent node group in EKS, or run /hybrid doctor ${facts.name}.`,
      },
    ];
  }
  // Inhibited while the agent node is down: that alert already explains it.
  if (!availability.agentPod.running) {
    const where = availability.agentPod.node ? ` (on ${availability.agentPod.node})` : ' (no pod scheduled)';
    return [
      {
        key: `${facts.name}/agent-not-running`,
        cluster: facts.name,
        rule: 'agent-not-running',
        severity: 'critical',
        summary: `The management agent is not running on ${facts.name}${where}.`,
        details: 'Check the agent pod events and logs; it needs a Ready cloud worker with 4 vCPU and 16 GiB.',
      },
    ];
  }
  return [];
}

function nodegroupAlerts(facts: MonitorFacts): Alert[] {
  const groups = new Map(
    qualifyingAgentNodes(facts).flatMap((q) =>
      q.nodegroup ? [[q.nodegroup.name, q.nodegroup] as const] : [],
    ),
  );
  const scaleToZero = [...groups.values()].filter((g) => g.scalingConfig.minSize === 0);
  if (groups.size === 0 || scaleToZero.length < groups.size) return [];
  return [
    {
      key: `${facts.name}/nodegroup-min-size-zero`,
      cluster: facts.name,
      rule: 'nodegroup-min-size-zero',
      severity: 'warning',
      summary: `The agent node group of ${facts.name} may scale to zero (minSize 0).`,
      details: `${listSome(scaleToZero.map((g) => g.name))}: set minSize to 1 or more so the management agent always has a node.`,
    },
  ];
}

function hybridNodeAlerts(facts: MonitorFacts, notReadySince: NotReadySince, graceEnd: number): Alert[] {
  const bySite = new Map<string, NodeFacts[]>();
  const alerts: Alert[] = [];
  const down = (node: NodeFacts) => (notReadySince[node.name] ?? Number.POSITIVE_INFINITY) <= graceEnd;
  const named = (node: NodeFacts): AlertNode => ({
    name: node.name,
    label: hostLabel(node.name, facts.hostNames),
  });
  for (const node of facts.nodes.filter(isHybridNode)) {
    const site = knownSite(node);
    // A node whose site is not known shares nothing known with the others: it is never a site.
    if (site === undefined) {
      if (down(node)) alerts.push(nodeAlert(facts.name, named(node), undefined));
      continue;
    }
    const nodes = bySite.get(site);
    if (nodes) nodes.push(node);
    else bySite.set(site, [node]);
  }
  for (const [site, nodes] of [...bySite.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const notReady = nodes.filter((node) => notReadySince[node.name] !== undefined);
    const gone = notReady.filter(down);
    if (notReady.length * 2 > nodes.length) {
      // Most of a site NotReady is one problem (power, uplink): one alert, not one per node. Nodes
      // go NotReady over several reads, so no node alert is sent meanwhile: it would only be
      // replaced by the site alert once most of the site has outlasted the grace period.
      if (gone.length * 2 <= nodes.length) continue;
      alerts.push({
        key: `${facts.name}/site-down/${site}`,
        cluster: facts.name,
        rule: 'site-down',
        severity: 'critical',
        summary: `Site ${site} is down on ${facts.name}: ${notReady.length} of ${nodes.length} hybrid nodes NotReady.`,
        details: `Check power and the network link of ${site}. NotReady: ${listSome(notReady.map((n) => named(n).label))}.`,
        nodes: notReady.map(named),
      });
      continue;
    }
    for (const node of gone) alerts.push(nodeAlert(facts.name, named(node), site));
  }
  return alerts;
}

function nodeAlert(cluster: string, node: AlertNode, site: string | undefined): Alert {
  return {
    key: `${cluster}/node-not-ready/${node.name}`,
    cluster,
    rule: 'node-not-ready',
    severity: 'warning',
    summary: `Hybrid node ${node.label} (${site === undefined ? 'site unknown' : `site ${site}`}) is NotReady on ${cluster}.`,
    details:
      'Check the host is powered and reaches the cluster on TCP 443; on the host: journalctl -u kubelet.',
    nodes: [node],
  };
}
