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

/**
 * Every move a change can make, by event: the states it may leave from and the one it reaches.
 * The engine asks for moves by event only, and the store's compare-and-set takes its allowed-from
 * set from here, so this table is the one statement of the rules.
 */
export const MOVES = {
  'request-approval': { from: ['planned'], to: 'awaiting-approval' },
  approve: { from: ['awaiting-approval'], to: 'approved' },
  reject: { from: ['awaiting-approval'], to: 'rejected' },
  expire: { from: ['awaiting-approval'], to: 'expired' },
  start: { from: ['approved'], to: 'applying' },
  'step-failed': { from: ['applying'], to: 'paused' },
  retry: { from: ['paused'], to: 'applying' },
  skip: { from: ['paused'], to: 'applying' },
  abort: { from: ['approved', 'applying', 'paused', 'rolling-back'], to: 'aborted' },
  'roll-back': { from: ['applying', 'paused'], to: 'rolling-back' },
  finish: { from: ['applying'], to: 'done' },
  'roll-back-done': { from: ['rolling-back'], to: 'rolled-back' },
  'roll-back-failed': { from: ['rolling-back'], to: 'failed' },
} as const satisfies Record<string, { from: readonly ChangeState[]; to: ChangeState }>;

export type ChangeEvent = keyof typeof MOVES;

/** What a person may ask of a change in each state (the buttons its message shows). */
export type ChangeAction = Extract<ChangeEvent, 'retry' | 'skip' | 'abort' | 'roll-back'>;

export const CHANGE_EVENTS = Object.keys(MOVES) as ChangeEvent[];

/** The move an event makes: the states it may leave from and the one it reaches. */
export function moveOf(event: ChangeEvent): { from: readonly ChangeState[]; to: ChangeState } {
  return MOVES[event];
}

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
  'roll-back-done': 'finish rolling back',
  'roll-back-failed': 'fail the roll-back of',
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
  const move = moveOf(event);
  if (move.from.includes(state)) return { ok: true, next: move.to };
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
