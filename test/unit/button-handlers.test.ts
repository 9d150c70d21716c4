import { ACTION_IDS } from '../../handlers/actions';
import { CHANGE_ACTIONS } from '../../src/blocks/changes/change-message';
import { everySurface } from '../support/bot-surfaces';

/** Every action_id of a button anywhere in a message or view. */
function buttonIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(buttonIds);
  if (typeof value !== 'object' || value === null) return [];
  const o = value as Record<string, unknown>;
  const own = o.type === 'button' && typeof o.action_id === 'string' ? [o.action_id] : [];
  return [...own, ...Object.values(o).flatMap(buttonIds)];
}

/** What every message and view with buttons can show, in each of its states. */
function everyButtonShown(): string[] {
  return buttonIds(everySurface().map((s) => s.value));
}

describe('buttons', () => {
  it('every button a message or view shows has a handler', () => {
    const shown = new Set(everyButtonShown());
    const handled = new Set<string>(ACTION_IDS);
    expect([...shown].filter((id) => !handled.has(id))).toEqual([]);
  });

  it('every change button is shown in some state, so none of their handlers is dead', () => {
    const shown = new Set(everyButtonShown());
    expect(Object.values(CHANGE_ACTIONS).filter((id) => !shown.has(id))).toEqual([]);
  });

  it('every handled button is shown somewhere', () => {
    const shown = new Set(everyButtonShown());
    expect(ACTION_IDS.filter((id) => !shown.has(id))).toEqual([]);
  });
});
