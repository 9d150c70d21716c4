/**
 * A change's journal: the planned steps and what became of each. Steps of one group (a node, a
 * host) run in order; up to `maxParallel` groups are under way at once, in plan order, a wave's
 * groups only once the waves before it are through. A failed
 * step stops new work everywhere, so a failure never spreads to the next node.
 */
export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface StepSpec {
  /** Unique within the change; part of the step's idempotency key and job ID. */
  key: string;
  /** Names the executor that carries the step out (e.g. `cordon`, `nodeadm-uninstall`). */
  action: string;
  /** What a person reads: "Cordon node mi-0abc". */
  title: string;
  /** The node or host the step belongs to; steps of one group run one after another. */
  group: string;
  /** A person may skip this step after it failed (a drain may be; a deletion may not). */
  skippable: boolean;
  /** Skipping it skips the rest of its group too (a rollout's node is left as it is): "Skip node". */
  skipsGroup?: boolean;
  /** A roll-back step: added when a person rolls the change back, undoing what the forward steps did. */
  back?: boolean;
  /** Its group starts only once every other group is through (a pool's record, written last). */
  afterOthers?: boolean;
  /**
   * Its group starts only once every group of a lower wave is through (a fleet rollout's waves, each
   * after the one before has baked). Groups without one are wave 0.
   */
  wave?: number;
  /**
   * Its group is the change's own bookkeeping (a pool's record written first, a pool deleted last),
   * not one of the nodes or hosts the change's progress counts. An `afterOthers` group is too.
   */
  bookkeeping?: boolean;
  input: Record<string, unknown>;
}

export interface StepRecord extends StepSpec {
  /** The step's place in the plan. */
  index: number;
  state: StepState;
  attempts: number;
  /** Raised by each Retry: a retried step acts anew (e.g. sends a new command) instead of finding its last try. */
  round?: number;
  startedAt?: number;
  endedAt?: number;
  /** A short result or error, as shown in the change's details. */
  output?: string;
  /**
   * The job that took this step on when it finished the step before it in the group: if that job's
   * worker dies, the job's next run finds this step and runs it again (no other job was started for it).
   */
  takenBy?: string;
}

export function newJournal(specs: StepSpec[]): StepRecord[] {
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.key)) throw new Error(`two steps share the key ${s.key}`);
    seen.add(s.key);
  }
  return specs.map((s, index) => ({ ...s, index, state: 'pending', attempts: 0 }));
}

const settled = (s: StepRecord) => s.state === 'done' || s.state === 'skipped';

/** Steps grouped in plan order (a group's first step decides its place). */
export function groupsOf(steps: readonly StepRecord[]): Map<string, StepRecord[]> {
  const groups = new Map<string, StepRecord[]>();
  for (const s of steps) {
    const list = groups.get(s.group);
    if (list) list.push(s);
    else groups.set(s.group, [s]);
  }
  return groups;
}

/** A group given up on (`continue` on failure): a step failed and the rest was skipped. */
const givenUp = (group: readonly StepRecord[]) =>
  group.some((s) => s.state === 'failed') && group.every((s) => settled(s) || s.state === 'failed');

/**
 * The steps to start now: for each group under way or next in line (at most `maxParallel`
 * groups open at once), its first unsettled step, unless that step is already running. Nothing
 * starts while any step has failed, unless the change goes on past failed groups.
 */
export function runnableSteps(
  steps: readonly StepRecord[],
  maxParallel: number,
  opts: { continueOnFailure?: boolean } = {},
): StepRecord[] {
  if (!opts.continueOnFailure && steps.some((s) => s.state === 'failed')) return [];
  const limit = Math.max(1, maxParallel);
  const open: StepRecord[][] = [];
  const waiting: StepRecord[][] = [];
  const groups = [...groupsOf(steps).values()];
  const through = (g: StepRecord[]) => g.every(settled) || givenUp(g);
  const othersLeft = groups.some((g) => !g[0]?.afterOthers && !through(g));
  const waveNow = Math.min(
    ...groups.filter((g) => !g[0]?.afterOthers && !through(g)).map((g) => g[0]?.wave ?? 0),
  );
  for (const group of groups) {
    if (through(group)) continue;
    if (group[0]?.afterOthers && othersLeft) continue;
    if ((group[0]?.wave ?? 0) > waveNow) continue;
    const begun = group.some((s) => s.state !== 'pending');
    (begun ? open : waiting).push(group);
  }
  const active = [...open, ...waiting.slice(0, Math.max(0, limit - open.length))];
  const ready: StepRecord[] = [];
  for (const group of active) {
    const next = group.find((s) => !settled(s));
    if (next && next.state === 'pending') ready.push(next);
  }
  return ready;
}

export function isComplete(
  steps: readonly StepRecord[],
  opts: { continueOnFailure?: boolean } = {},
): boolean {
  if (!opts.continueOnFailure) return steps.every(settled);
  return [...groupsOf(steps).values()].every((g) => g.every(settled) || givenUp(g));
}

/** The groups given up on after a failure, with the failed step's output. */
export function failedGroups(steps: readonly StepRecord[]): { group: string; output: string }[] {
  return [...groupsOf(steps).entries()]
    .filter(([, g]) => givenUp(g))
    .map(([group, g]) => ({ group, output: g.find((s) => s.state === 'failed')?.output ?? 'failed' }));
}

export function failedStep(steps: readonly StepRecord[]): StepRecord | undefined {
  return steps.find((s) => s.state === 'failed');
}

export interface Progress {
  groups: number;
  groupsDone: number;
  failed: number;
  running: number;
  skipped: number;
  /** Milliseconds, from the groups finished so far; undefined until one has. */
  etaMs?: number;
}

/** Whether a group is one of the change's subjects (a node, a host), not its bookkeeping. */
export const isSubjectGroup = (group: readonly StepRecord[]) =>
  !group[0]?.afterOthers && !group[0]?.bookkeeping;

/** How far the change is, by group (node): what its progress line shows. */
export function progressOf(steps: readonly StepRecord[], maxParallel: number): Progress {
  const all = [...groupsOf(steps).values()];
  const units = all.filter(isSubjectGroup);
  // Rolling back, the nodes going back are what is counted, not also the forward groups they undo.
  const back = units.filter((g) => g[0]?.back);
  const groups = back.length > 0 ? back : units.length > 0 ? units : all;
  const done = groups.filter((g) => g.every(settled));
  const durations = done
    .map((g) => {
      const start = Math.min(...g.map((s) => s.startedAt ?? Number.POSITIVE_INFINITY));
      const end = Math.max(...g.map((s) => s.endedAt ?? 0));
      return Number.isFinite(start) && end >= start ? end - start : undefined;
    })
    .filter((d): d is number => d !== undefined);
  const progress: Progress = {
    groups: groups.length,
    groupsDone: done.length,
    // Nodes (groups), like the count they sit next to; not steps.
    failed: groups.filter((g) => g.some((s) => s.state === 'failed')).length,
    running: groups.filter((g) => g.some((s) => s.state === 'running')).length,
    skipped: groups.filter((g) => g.some((s) => s.state === 'skipped')).length,
  };
  if (durations.length > 0 && done.length < groups.length) {
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    const remaining = groups.length - done.length;
    progress.etaMs = Math.round(mean * Math.ceil(remaining / Math.max(1, maxParallel)));
  } else if (done.length === groups.length) {
    progress.etaMs = 0;
  }
  return progress;
}

/** The journal with one step replaced (steps are matched by key). */
export function withStep(steps: readonly StepRecord[], step: StepRecord): StepRecord[] {
  return steps.map((s) => (s.key === step.key ? step : s));
}
