import { nextLookMs, typicalDurationMs } from '../../../../src/domain/changes/next-look';

const poll = { pollMinMs: 20, pollMaxMs: 100 };

describe('when a waiting step looks again', () => {
  it('backs off from the minimum to the maximum as it ages, with nothing to go by', () => {
    expect([0, 200, 1000, 60_000].map((w) => nextLookMs(w, poll))).toEqual([20, 50, 100, 100]);
  });

  it('sleeps until shortly before the steps done so far took, then looks often', () => {
    expect(nextLookMs(100, poll, 2000)).toBe(200);
    expect(nextLookMs(100, { pollMinMs: 20, pollMaxMs: 2000 }, 2000)).toBe(1700);
    expect(nextLookMs(1990, poll, 2000)).toBe(20);
    expect(nextLookMs(2500, poll, 2000)).toBe(20);
    // Well past the expectation it is an ordinary backoff again.
    expect(nextLookMs(3500, poll, 2000)).toBe(100);
  });

  it('looks often from a tenth before the expected end, which was itself seen a little late', () => {
    expect(nextLookMs(1700, poll, 2000)).toBe(100);
    expect(nextLookMs(1800, poll, 2000)).toBe(20);
    expect(nextLookMs(1950, poll, 2000)).toBe(20);
  });

  it('never sleeps past twice the longest ordinary wait, however slow the earlier nodes were', () => {
    expect(nextLookMs(0, { pollMinMs: 1000, pollMaxMs: 15_000 }, 600_000)).toBe(30_000);
  });

  it('looks at the minimum interval when the expected end is near', () => {
    expect(nextLookMs(0, { pollMinMs: 2000, pollMaxMs: 10_000 }, 3000)).toBe(2000);
  });

  it('takes the median duration of the steps done', () => {
    expect(typicalDurationMs([])).toBeUndefined();
    expect(
      typicalDurationMs([
        { startedAt: 0, endedAt: 2100 },
        { startedAt: 10, endedAt: 2010 },
        { startedAt: 5, endedAt: 9000 },
        { startedAt: 5 },
      ]),
    ).toBe(2100);
  });
});
