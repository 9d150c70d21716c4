import fc from 'fast-check';
import { inWindow, nextOpening, parseWindow } from '../../../../src/domain/rollouts/maintenance-window';

const at = (hhmm: string) => Date.parse(`2026-11-30T${hhmm}:00Z`);
const window = (text: string) => {
  const parsed = parseWindow(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.window;
};

describe('maintenance windows', () => {
  it('reads HH:MM-HH:MM and says what is wrong otherwise', () => {
    expect(window('22:00-04:00').text).toBe('22:00-04:00 UTC');
    for (const bad of ['22-04', '24:00-01:00', '10:00-10:00', '10:00']) {
      expect(parseWindow(bad).ok).toBe(false);
    }
  });

  it('knows a window that runs past midnight', () => {
    const w = window('22:00-04:00');
    expect(inWindow(at('23:30'), w)).toBe(true);
    expect(inWindow(at('03:59'), w)).toBe(true);
    expect(inWindow(at('04:00'), w)).toBe(false);
    expect(new Date(nextOpening(at('12:00'), w)).toISOString()).toBe('2026-11-30T22:00:00.000Z');
  });

  it('next opening is always inside the window and never in the past', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        (s, e, now) => {
          fc.pre(s !== e);
          const hhmm = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const w = window(`${hhmm(s)}-${hhmm(e)}`);
          const next = nextOpening(now, w);
          expect(next).toBeGreaterThanOrEqual(now - 60_000);
          expect(inWindow(next, w)).toBe(true);
          expect(next - now).toBeLessThan(86_400_000);
        },
      ),
    );
  });
});
