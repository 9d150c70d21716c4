import { Queue } from 'bullmq';
import { startTestBot, type TestBot } from '../support/test-bot';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t.stop();
});

const textOf = (body: Record<string, unknown>) => JSON.stringify(body);

it('after someone flushes Redis, answers the next command and has its schedules back', async () => {
  await t.inspect.flushall();
  const res = await t.command('ping');
  expect(res.status).toBe(200);
  expect(res.body).toBe('');
  await t.waitForCall((c) => c.kind === 'response_url' && textOf(c.args).includes('pong'));
  const background = new Queue('background', { connection: t.inspect, prefix: '{hb}' });
  const ids = (await background.getJobSchedulers()).map((s) => s.key).sort();
  await background.close();
  expect(ids).toEqual(['hosts-reconcile', 'monitor-demo', 'refresh-user-groups']);
  expect(t.logLines.some((l) => l.includes('queues are back in Redis'))).toBe(true);
});
