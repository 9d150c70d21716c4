import type { StepSpec } from './journal';

/**
 * What one change holds while it runs: a host, a pool or a cluster's CNI, in one cluster; or a
 * profile's fleet rollout (`cluster` is then the first of its clusters, `name` the profile).
 */
export interface ChangeTarget {
  cluster: string;
  kind: 'host' | 'pool' | 'cni' | 'fleet' | 'cluster';
  name: string;
}

export function targetKey(t: ChangeTarget): string {
  // One fleet rollout of a profile at a time, whichever clusters it spans.
  return t.kind === 'fleet' ? `fleet/${t.name}` : `${t.cluster}/${t.kind}/${t.name}`;
}

export function describeTarget(t: ChangeTarget): string {
  if (t.kind === 'fleet') return `the fleet rollout of profile ${t.name}`;
  if (t.kind === 'cluster') return `cluster ${t.name}`;
  const noun = t.kind === 'cni' ? 'the CNI layer of cluster' : t.kind;
  return t.kind === 'cni' ? `${noun} ${t.cluster}` : `${noun} ${t.name} (cluster ${t.cluster})`;
}

/** One line of a readable diff: what the change adds, removes or changes. */
export interface DiffLine {
  op: 'add' | 'remove' | 'change' | 'same';
  text: string;
}

/** Everything a planner says about a change before anyone approves it. */
export interface PlannedChange<P> {
  kind: string;
  target: ChangeTarget;
  title: string;
  /** The plan in plain words, as approvers read it. */
  summary: string[];
  diff: DiffLine[];
  steps: StepSpec[];
  /** How many groups (nodes) may be under way at once. */
  maxParallel: number;
  /** What a group is called in the progress line ("nodes", "hosts"). */
  unit: string;
  canRollBack: boolean;
  /** `continue`: a failed group (host) is marked failed and the others go on; by default a failure pauses. */
  onFailure?: 'pause' | 'continue';
  /** The typed plan; its hash binds the approval. */
  plan: P;
  /** Who may decide, when not approvers: admins alone decide which clusters the bot manages. */
  decidedBy?: 'admin';
}

/**
 * A feature's planner: pure, registered by the feature itself. `parse` checks a stored plan
 * against its schema when it is read back, so a change never runs a plan it cannot read.
 */
export interface ChangePlanner<P> {
  kind: string;
  parse(raw: unknown): P;
  describe(plan: P): PlannedChange<P>;
}
