import type { BotHandle } from '../../../app/start-bot';
import type { SlackCall } from '../../../sim/slack/fake-slack';
import { monitorSweeps } from '../../support/barriers';
import { startTestBot, type TestBot } from '../../support/test-bot';

const MONITOR = { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 };

let t: TestBot;
let second: BotHandle;
beforeAll(async () => {
  t = await startTestBot({ file: { monitor: MONITOR } });
  // A second worker process on the same Redis, Slack and clusters: as a second replica would run.
  second = await t.startReplica('worker');
});
afterAll(async () => {
  await second.stop(5000);
  await t.stop();
});

const textOf = (c: SlackCall) => JSON.stringify(c.args);

describe('two worker processes side by side', () => {
  it('post one alert message and one resolution between them', async () => {
    const agent = t.sim.control.state().nodes.find((n) => n.cluster === 'demo' && n.computeType !== 'hybrid');
    t.slack.clear();
    t.sim.control.setNodeReady(String(agent?.name), false, 'demo');
    await t.waitForCall((c) => c.method === 'chat.postMessage' && textOf(c).includes('No cloud worker'));
    // Sweeps by either worker: a second post would be out by then.
    await monitorSweeps(t.inspect, 'demo', 3);
    t.sim.control.setNodeReady(String(agent?.name), true, 'demo');
    await t.waitForCall((c) => Boolean(c.args.thread_ts) && textOf(c).includes('Resolved:'));
    await monitorSweeps(t.inspect, 'demo', 2);

    const calls = t.slack.calls().filter((c) => c.args.channel === 'C0ALERTS');
    const posts = calls.filter((c) => c.method === 'chat.postMessage' && !c.args.thread_ts);
    const resolutions = calls.filter(
      (c) => c.method === 'chat.update' && textOf(c).includes('Resolved on demo'),
    );
    const threadLines = calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts);
    expect(posts).toHaveLength(1);
    expect(resolutions).toHaveLength(1);
    // The facts may be read mid-change (agent pod first, then its node): extra lines are fine, twice the same is not.
    const lines = threadLines.map((c) => String(c.args.text));
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.filter((l) => l.includes('Resolved: No cloud worker'))).toHaveLength(1);
  });
});
