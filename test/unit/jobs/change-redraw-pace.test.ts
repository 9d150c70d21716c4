import { REDRAW_MS, showChangeSoon } from '../../../jobs/changes/change-report';
import type { CommandDeps } from '../../../jobs/job-context';

/** The redraw jobs asked for, with their delays, from a background queue that only records. */
function recorder() {
  const started: { jobId: string; delayMs?: number }[] = [];
  const deps = {
    background: {
      start: async (_name: string, _data: unknown, jobId: string, opts?: { delayMs?: number }) => {
        started.push({ jobId, ...opts });
      },
    },
  } as unknown as CommandDeps;
  return { deps, started };
}

// A fleet's message shows in the channel of every cluster it spans: each redraw is that many
// chat.updates, against Slack's budget of about one a second for the whole workspace.
describe('how often a change asks for its message to be redrawn', () => {
  afterEach(() => jest.useRealTimers());

  it('a change in one channel: once a second however many steps move', async () => {
    jest.useFakeTimers({ now: 1_000_000_100 });
    const { deps, started } = recorder();
    for (const t of [0, 300, 600, 1200]) {
      jest.setSystemTime(1_000_000_100 + t);
      await showChangeSoon(deps, { id: 'p1' });
    }
    expect(started.map((s) => s.jobId)).toEqual(['change-p1-show-1000001000', 'change-p1-show-1000002000']);
    expect(started[0]?.delayMs).toBe(900);
  });

  it('a fleet shown in 10 channels: once every 10 seconds, so its chat.updates stay about one a second', async () => {
    jest.useFakeTimers({ now: 1_000_000_100 });
    const { deps, started } = recorder();
    const fleet = { id: 'f1', mirrors: Array.from({ length: 9 }, (_, i) => `C0M${i}`) };
    for (let t = 0; t < 9000; t += 700) {
      jest.setSystemTime(1_000_000_100 + t);
      await showChangeSoon(deps, fleet);
    }
    expect(started.map((s) => s.jobId)).toEqual(['change-f1-show-1000010000']);
    expect(started[0]?.delayMs).toBe(10 * REDRAW_MS - 100);
  });
});
