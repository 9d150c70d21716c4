import type { ChangeRecord } from '../../src/domain/changes/change';
import type { StepRecord, StepSpec } from '../../src/domain/changes/journal';
import type { ChangePlanner } from '../../src/domain/changes/planner';
import type { CommandDeps } from '../job-context';

export interface StepContext<P = unknown> {
  deps: CommandDeps;
  change: ChangeRecord;
  /** The plan, parsed with the feature's schema. */
  plan: P;
  step: StepRecord;
  /** The change's steps as read when this run of the step began (the step itself not yet marked running). */
  journal: readonly StepRecord[];
}

/**
 * One kind of step. `run` looks at the world before it acts and does only what is missing: a
 * worker may have died after acting and before the journal recorded it. It returns a short
 * output for the journal, and throws a BotError (retryable or not) when it cannot finish.
 */
export interface StepExecutor<P = unknown> {
  run(ctx: StepContext<P>): Promise<string>;
}

/**
 * Thrown by a step that waits on the world (Flux reconciling, a rollout): the engine records
 * `progress` as the step's output, shows it on the change's message and runs the step again after
 * `afterMs`, holding no worker meanwhile. The executor bounds the wait itself (from the step's
 * `startedAt`) and throws a BotError when it has waited too long, which pauses the change.
 */
export class StepWaiting extends Error {
  constructor(
    readonly progress: string,
    readonly afterMs: number,
  ) {
    super(progress);
    this.name = 'StepWaiting';
  }
}

/**
 * Thrown by a step that finds its group cannot go now and must not hold the change (a fleet's pool
 * whose hosts are offline): the step and the rest of its group are skipped, `reason` is said once
 * in the change's thread, and the other groups go on.
 */
export class StepLeavesGroup extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'StepLeavesGroup';
  }
}

/** A feature's part in the engine: its planner, the executors of its steps, what an abort leaves. */
export interface ChangeFeature<P = unknown> {
  planner: ChangePlanner<P>;
  executors: Record<string, StepExecutor<P>>;
  /**
   * What the change did once done, in one line for a thread that did not follow it (the alert's
   * it reports to), e.g. "kubelet restarted on h1; node n1 Ready again". Else "Done: <title>".
   */
  outcome?(change: ChangeRecord, plan: P, steps: readonly StepRecord[]): string;
  /** Said when the change is aborted part way: what stays as it is (e.g. "node n1 stays cordoned"). */
  leftAfterAbort?(change: ChangeRecord, plan: P, steps: readonly StepRecord[]): string;
  /**
   * Run once the change is aborted: lets go of what the change held and never used (e.g. hosts
   * claimed that never joined) and says what it did. Idempotent: it may run again.
   */
  onAbort?(deps: CommandDeps, change: ChangeRecord, plan: P, steps: readonly StepRecord[]): Promise<string>;
  /** The steps that undo what the forward steps did so far, added when a person rolls the change back. */
  rollBack?(change: ChangeRecord, plan: P, steps: readonly StepRecord[]): StepSpec[];
}

/** The features that make changes; each registers itself from the composition root. */
export class ChangeFeatures {
  private readonly byKind = new Map<string, ChangeFeature>();

  register<P>(feature: ChangeFeature<P>): this {
    if (this.byKind.has(feature.planner.kind)) {
      throw new Error(`two change features of kind ${feature.planner.kind}`);
    }
    this.byKind.set(feature.planner.kind, feature as ChangeFeature);
    return this;
  }

  get(kind: string): ChangeFeature | undefined {
    return this.byKind.get(kind);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }
}
