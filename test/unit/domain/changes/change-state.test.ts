import fc from 'fast-check';
import {
  availableActions,
  CHANGE_EVENTS,
  CHANGE_STATES,
  type ChangeEvent,
  type ChangeState,
  FINAL_STATES,
  transition,
} from '../../../../src/domain/changes/change-state';

const EVENTS: ChangeEvent[] = [
  'request-approval',
  'approve',
  'reject',
  'expire',
  'start',
  'step-failed',
  'retry',
  'skip',
  'abort',
  'roll-back',
  'finish',
  'roll-back-done',
  'roll-back-failed',
];

/** Every allowed transition, written out once more by hand so a change to the table shows here. */
const ALLOWED: Array<[ChangeState, ChangeEvent, ChangeState]> = [
  ['planned', 'request-approval', 'awaiting-approval'],
  ['awaiting-approval', 'approve', 'approved'],
  ['awaiting-approval', 'reject', 'rejected'],
  ['awaiting-approval', 'expire', 'expired'],
  ['approved', 'start', 'applying'],
  ['approved', 'abort', 'aborted'],
  ['applying', 'step-failed', 'paused'],
  ['applying', 'finish', 'done'],
  ['applying', 'abort', 'aborted'],
  ['applying', 'roll-back', 'rolling-back'],
  ['paused', 'retry', 'applying'],
  ['paused', 'skip', 'applying'],
  ['paused', 'abort', 'aborted'],
  ['paused', 'roll-back', 'rolling-back'],
  ['rolling-back', 'roll-back-done', 'rolled-back'],
  ['rolling-back', 'roll-back-failed', 'failed'],
  ['rolling-back', 'abort', 'aborted'],
];

describe('change lifecycle', () => {
  it('knows every event listed here, and no other', () => {
    expect([...CHANGE_EVENTS].sort()).toEqual([...EVENTS].sort());
  });

  it.each(ALLOWED)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toEqual({ ok: true, next: to });
  });

  it('refuses every other transition, saying what state the change is in', () => {
    const allowed = new Set(ALLOWED.map(([s, e]) => `${s}/${e}`));
    let refused = 0;
    for (const state of CHANGE_STATES) {
      for (const event of EVENTS) {
        if (allowed.has(`${state}/${event}`)) continue;
        const r = transition(state, event);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.message).toMatch(/^This change is .+, so you cannot .+ it now\.$/);
        refused++;
      }
    }
    expect(refused).toBe(CHANGE_STATES.length * EVENTS.length - ALLOWED.length);
  });

  it('a final state is never left, whatever happens next', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 40 }), (events) => {
        let state: ChangeState = 'planned';
        let finalSeen: ChangeState | undefined;
        for (const e of events) {
          const r = transition(state, e);
          if (r.ok) state = r.next;
          if (finalSeen) expect(state).toBe(finalSeen);
          if (FINAL_STATES.has(state)) finalSeen = state;
        }
      }),
    );
  });

  it('no change is applied without an approval first', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 40 }), (events) => {
        let state: ChangeState = 'planned';
        let approved = false;
        for (const e of events) {
          const r = transition(state, e);
          if (!r.ok) continue;
          if (r.next === 'approved') approved = true;
          state = r.next;
          if (state === 'applying' || state === 'done') expect(approved).toBe(true);
        }
      }),
    );
  });

  it('offers Retry, Skip (where the step allows), Abort and Roll back (where the feature has one) only when paused', () => {
    expect(availableActions('paused', { skippable: true, canRollBack: true })).toEqual([
      'retry',
      'skip',
      'abort',
      'roll-back',
    ]);
    expect(availableActions('paused', { skippable: false, canRollBack: false })).toEqual(['retry', 'abort']);
    expect(availableActions('applying', { skippable: true, canRollBack: true })).toEqual([
      'abort',
      'roll-back',
    ]);
    expect(availableActions('applying', { skippable: true, canRollBack: false })).toEqual(['abort']);
    expect(availableActions('rolling-back', { skippable: true, canRollBack: true })).toEqual(['abort']);
    expect(availableActions('done', { skippable: true, canRollBack: true })).toEqual([]);
    for (const state of CHANGE_STATES) {
      for (const action of availableActions(state, { skippable: true, canRollBack: true })) {
        expect(transition(state, action).ok).toBe(true);
      }
    }
  });
});
