/**
 * The life of a change: planned, approved by a second person, applied as journalled steps.
 * Pure: every transition the engine makes goes through `transition`, so a refused one is refused
 * the same way whichever button, job or redelivery asked for it.
 */
export const CHANGE_STATES = [
  'planned',
  'awaiting-approval',
  'approved',
  'rejected',
  'expired',
  'applying',
  'paused',
  'rolling-back',
  'done',
  'failed',
  'aborted',
  'rolled-back',
] as const;

export type ChangeState = (typeof CHANGE_STATES)[number];

/** States a change never leaves. */
export const FINAL_STATES: ReadonlySet<ChangeState> = new Set([
  'rejected',
  'expired',
  'done',
  'failed',
  'aborted',
  'rolled-back',
]);

export type ChangeEvent =
  | 'request-approval'
  | 'approve'
  | 'reject'
  | 'expire'
  | 'start'
  | 'step-failed'
  | 'retry'
  | 'skip'
  | 'abort'
  | 'roll-back'
  | 'finish'
  | 'fail';

/** What a person may ask of a change in each state (the buttons its message shows). */
export type ChangeAction = Extract<ChangeEvent, 'retry' | 'skip' | 'abort' | 'roll-back'>;

const NEXT: Record<ChangeState, Partial<Record<ChangeEvent, ChangeState>>> = {
  planned: { 'request-approval': 'awaiting-approval' },
  'awaiting-approval': { approve: 'approved', reject: 'rejected', expire: 'expired' },
  approved: { start: 'applying', abort: 'aborted' },
  applying: {
    'step-failed': 'paused',
    finish: 'done',
    fail: 'failed',
    abort: 'aborted',
    'roll-back': 'rolling-back',
  },
  paused: {
    retry: 'applying',
    skip: 'applying',
    abort: 'aborted',
    'roll-back': 'rolling-back',
    fail: 'failed',
  },
  'rolling-back': { finish: 'rolled-back', 'step-failed': 'failed', fail: 'failed', abort: 'aborted' },
  rejected: {},
  expired: {},
  done: {},
  failed: {},
  aborted: {},
  'rolled-back': {},
};

export type TransitionResult = { ok: true; next: ChangeState } | { ok: false; message: string };

const EVENT_WORDS: Record<ChangeEvent, string> = {
  'request-approval': 'ask for approval of',
  approve: 'approve',
  reject: 'reject',
  expire: 'expire',
  start: 'start',
  'step-failed': 'pause',
  retry: 'retry a step of',
  skip: 'skip a step of',
  abort: 'abort',
  'roll-back': 'roll back',
  finish: 'finish',
  fail: 'fail',
};

const STATE_WORDS: Record<ChangeState, string> = {
  planned: 'only planned',
  'awaiting-approval': 'waiting for approval',
  approved: 'approved and about to start',
  rejected: 'rejected',
  expired: 'expired',
  applying: 'being applied',
  paused: 'paused',
  'rolling-back': 'being rolled back',
  done: 'done',
  failed: 'failed',
  aborted: 'aborted',
  'rolled-back': 'rolled back',
};

export function describeState(state: ChangeState): string {
  return STATE_WORDS[state];
}

/** The next state, or the reason in plain words why the event does not apply now. */
export function transition(state: ChangeState, event: ChangeEvent): TransitionResult {
  const next = NEXT[state][event];
  if (next) return { ok: true, next };
  const final = FINAL_STATES.has(state) ? ': nothing more can happen to it' : '';
  return {
    ok: false,
    message: `This change is ${STATE_WORDS[state]}${final}, so you cannot ${EVENT_WORDS[event]} it now.`,
  };
}

/** The actions a person may take in a state; `skippable` and `canRollBack` come from the failed step and the feature. */
export function availableActions(
  state: ChangeState,
  opts: { skippable: boolean; canRollBack: boolean },
): ChangeAction[] {
  if (state === 'approved' || state === 'rolling-back') return ['abort'];
  if (state === 'applying') return opts.canRollBack ? ['abort', 'roll-back'] : ['abort'];
  if (state !== 'paused') return [];
  const actions: ChangeAction[] = ['retry'];
  if (opts.skippable) actions.push('skip');
  actions.push('abort');
  if (opts.canRollBack) actions.push('roll-back');
  return actions;
}
