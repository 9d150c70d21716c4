export type Severity = 'info' | 'warning' | 'critical';

export type AlertRule =
  | 'cluster-unreachable'
  | 'agent-node-unavailable'
  | 'agent-not-running'
  | 'nodegroup-min-size-zero'
  | 'node-not-ready'
  | 'site-down'
  | 'cni-drift'
  | 'pool-drift';

/** One firing condition. The key is stable across evaluations, so the same problem is never posted twice. */
export interface Alert {
  key: string;
  cluster: string;
  rule: AlertRule;
  severity: Severity;
  summary: string;
  details: string;
  /** The NotReady nodes the alert is about: what a snooze of it covers. */
  nodes?: AlertNode[];
  /** A node alert on an SSM host of the inventory: the bot can run its diagnostics. */
  diagnosable?: boolean;
}

/** A node as an alert names it: its node name, and how people know it (see hostLabel). */
export interface AlertNode {
  name: string;
  label: string;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}
