import { Queue } from 'bullmq';
import { RECONCILE_INVENTORY } from '../../jobs/hosts/reconcile-inventory';
import { MONITOR_CLUSTER } from '../../jobs/monitoring/monitor-cluster';
import { REFRESH_USER_GROUPS } from '../../jobs/refresh-user-groups';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { ChangeStore } from '../../src/adapters/redis/change-store';
import { KEY_PREFIX } from '../../src/adapters/redis/connection';
import { jobsDrained } from '../support/barriers';
import { hostsFile } from '../support/hosts-support';
import {
  approveChange,
  edgeHost,
  poolNodesOf,
  poolScenario,
  registerAtHost,
  text,
} from '../support/pool-support';
import { type ProcessWorld, startProcessWorld } from '../support/process-world';
import { postSigned, slashCommandBody } from '../support/slack-requests';
import { SIGNING_SECRET } from '../support/test-bot';
import { until } from '../support/until';

// The bot as the README says it scales: 2 `hybrid-bot web` and 3 `hybrid-bot worker` processes on
// one Redis. Slack's requests go to either web process; any worker may take any job.
const HOSTS = 4;
const MONITOR = { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 };

let w: ProcessWorld;
let background: Queue;
const startedAt = Date.now();

beforeAll(async () => {
  w = await startProcessWorld({
    scenario: poolScenario(HOSTS, { nodeadmInstallMs: 100, nodeadmInitMs: 100 } as never),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 }, monitor: MONITOR }),
    web: 2,
    workers: 3,
  });
  background = new Queue(QUEUE_NAMES.background, { connection: w.inspect, prefix: KEY_PREFIX });
}, 90_000);

afterAll(async () => {
  await background?.close();
  await w?.stop();
});

/** The background jobs named `name` that ran since `since` (finished or running), as BullMQ keeps them. */
async function ranSince(name: string, since: number, cluster?: string) {
  const jobs = await background.getJobs(['completed', 'failed', 'active'], 0, 4999);
  return jobs.filter(
    (j) => j.name === name && (j.processedOn ?? 0) >= since && (!cluster || j.data?.cluster === cluster),
  );
}

describe('2 web and 3 worker processes on one Redis', () => {
  it('answer every command once, whichever web process took it', async () => {
    const COMMANDS = 12;
    w.slack.clear();
    const urls = Array.from({ length: COMMANDS }, () => w.slack.responseUrl());
    const acks = await Promise.all(
      urls.map((responseUrl, i) =>
        postSigned(
          w.processes.web[i % 2]?.url() ?? '',
          slashCommandBody({ text: 'hosts --cluster demo', responseUrl }),
          'application/x-www-form-urlencoded',
          { secret: SIGNING_SECRET },
        ),
      ),
    );
    expect(acks.map((a) => a.status)).toEqual(urls.map(() => 200));
    const answered = () => w.slack.calls().filter((c) => c.kind === 'response_url');
    await until('an answer to every command', () => answered().length >= COMMANDS, 30_000);
    await jobsDrained(w.inspect);

    const perCommand = urls.map((u) => answered().filter((c) => u.endsWith(c.method)).length);
    expect(perCommand).toEqual(urls.map(() => 1));
    expect(answered()).toHaveLength(COMMANDS);
  });

  it('apply a pool creation once: each host installs and joins once, one request, one report', async () => {
    await w.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
    await w.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 20_000);
    const names = Array.from({ length: HOSTS }, (_, i) => edgeHost(i + 1));
    for (const [i, name] of names.entries()) await registerAtHost(w, name, `10.80.20.${i + 11}`);
    w.sim.control.clearEffects();
    w.slack.clear();

    await w.command(`pool create tills --cluster demo --profile edge-standard --hosts ${names.join(',')}`, {
      user: 'U0OPERATOR',
    });
    await approveChange(w, `Create pool tills (${HOSTS} hosts)`);
    const changes = new ChangeStore(w.inspect);
    const [change] = await until(
      'the pool creation to end',
      async () => {
        const all = await changes.list(100);
        const pool = all.filter((c) => JSON.stringify(c).includes('tills'));
        return pool.length > 0 && pool.every((c) => c.state === 'done') ? pool : undefined;
      },
      90_000,
    );
    await jobsDrained(w.inspect);

    expect(change?.state).toBe('done');
    const effects = w.sim.control.effects() as Record<string, Record<string, number>>;
    for (const name of names) {
      expect({
        name,
        install: effects[name]?.['nodeadm install'],
        init: effects[name]?.['nodeadm init'],
      }).toEqual({ name, install: 1, init: 1 });
    }
    expect(await poolNodesOf(w, 'tills')).toHaveLength(HOSTS);
    const requests = w.slack
      .calls()
      .filter((c) => c.method === 'chat.postMessage' && text(c).includes('Create pool tills'));
    // The request, and its report in the thread.
    expect(requests.filter((c) => !c.args.thread_ts)).toHaveLength(1);
    expect(requests.filter((c) => text(c).includes('Done: Create pool tills'))).toHaveLength(1);
  });

  it("run each cluster's monitor sweep once per interval, not once per worker", async () => {
    const since = Date.now();
    // Enough intervals that a schedule per worker would show as three sweeps each.
    await until(
      '6 sweeps of demo',
      async () =>
        (await ranSince(MONITOR_CLUSTER, since, 'demo')).filter((j) => j.finishedOn && j.returnvalue)
          .length >= 6,
      30_000,
    );
    const elapsedIntervals = (Date.now() - since) / (MONITOR.intervalSeconds * 1000);
    const jobs = await ranSince(MONITOR_CLUSTER, since, 'demo');
    const evaluated = jobs.filter((j) => j.returnvalue && !('skipped' in j.returnvalue));
    // One scheduled job per interval (at most one more for the interval under way), each evaluating.
    expect(jobs.length).toBeLessThanOrEqual(Math.ceil(elapsedIntervals) + 1);
    expect(evaluated.length).toBeGreaterThanOrEqual(jobs.filter((j) => j.finishedOn).length - 1);
  });

  it('keep one schedule of each recurring job, which ran once since the three workers started', async () => {
    const schedulers = (await background.getJobSchedulers()).map((s) => s.key).sort();
    expect(schedulers).toEqual(['hosts-reconcile', 'monitor-demo', 'monitor-legacy', 'refresh-user-groups']);
    for (const name of [REFRESH_USER_GROUPS, RECONCILE_INVENTORY]) {
      expect({ name, runs: (await ranSince(name, startedAt)).length }).toEqual({ name, runs: 1 });
    }
  });
});
