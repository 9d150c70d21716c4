import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { changesOf } from '../support/change-crashes';
import { approveChange, edgeHost, poolScenario, registerAtHost, text } from '../support/pool-support';
import { freePort, type PrometheusServer, startPrometheus } from '../support/prometheus-server';
import { prometheusTool } from '../support/prometheus-tools';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';
import { startWorkerProcess, type WorkerProcess, workerEnv } from '../support/worker-process';

// A deployment as a platform team runs it: the web side (here, in the test's process) and a
// `hybrid-bot worker` process, each serving /metrics on its own port, scraped every second by a real
// Prometheus that also evaluates the bot's shipped alert rules. The test drives Slack requests and a
// pool creation, then reads the series back through Prometheus's HTTP API.
const RULES = join(__dirname, '..', '..', 'deploy', 'prometheus', 'hybrid-bot-rules.yaml');
const HOSTS = [edgeHost(1), edgeHost(2)];

let t: TestBot;
let worker: WorkerProcess;
let prom: PrometheusServer;
let ports: { web: number; worker: number };
const workerLog: string[] = [];

beforeAll(async () => {
  prometheusTool('promtool');
  ports = { web: await freePort(), worker: await freePort() };
  t = await startTestBot({
    scenario: poolScenario(HOSTS.length, { nodeadmInstallMs: 100, nodeadmInitMs: 100 } as never),
    // The demo cluster alone: its alerts are the ones this test raises.
    file: {
      pools: { pollMinMs: 100, pollMaxMs: 400 },
      monitor: { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 },
    },
    mode: 'web',
    metricsPort: ports.web,
  });
  worker = startWorkerProcess(
    { ...workerEnv(t.config, t.sim.awsEndpoint, 30), METRICS_PORT: String(ports.worker) },
    workerLog,
  );
  await worker.started;
  prom = await startPrometheus({
    targets: { 'hybrid-bot-web': `127.0.0.1:${ports.web}`, 'hybrid-bot-worker': `127.0.0.1:${ports.worker}` },
    ruleFiles: [RULES],
  });
}, 90_000);

afterAll(async () => {
  await prom?.stop();
  await worker?.stop();
  await t?.stop();
});

/** Waits until Prometheus answers `query` with `expected` (it scrapes every second). */
async function expectSeries(query: string, expected: (v: number | undefined) => boolean, label: string) {
  let last: number | undefined;
  await until(
    `${query} ${label}`,
    async () => {
      last = await prom.value(query);
      return expected(last);
    },
    {
      timeoutMs: 30_000,
      intervalMs: 250,
      detail: () => `last value: ${last}\n${workerLog.slice(-5).join('')}`,
    },
  );
}
const equals = (n: number) => [(v: number | undefined) => v === n, `== ${n}`] as const;
const above = (n: number) => [(v: number | undefined) => v !== undefined && v > n, `> ${n}`] as const;

describe('a real Prometheus scraping the web and worker processes', () => {
  it('scrapes both, and sees the worker running its job workers', async () => {
    await expectSeries('sum(up{job=~"hybrid-bot-.*"})', ...equals(2));
    await expectSeries('hybrid_bot_workers_running{job="hybrid-bot-worker"}', ...equals(1));
    // Node's own metrics come from both, under the bot's prefix.
    await expectSeries('count(hybrid_bot_process_resident_memory_bytes)', ...equals(2));
  });

  it('counts Slack requests by kind and answer, and command jobs by command and outcome', async () => {
    await t.command('ping');
    await t.command('ping');
    const forged = await t.command('ping', { signWith: 'not-the-signing-secret-at-all' });
    expect(forged.status).toBe(401);
    await t.waitForCall((c) => c.kind === 'response_url' && text(c).toLowerCase().includes('pong'));

    await expectSeries(
      'hybrid_bot_slack_requests_total{job="hybrid-bot-web",kind="command",outcome="acked"}',
      ...equals(2),
    );
    await expectSeries('sum(hybrid_bot_slack_requests_total{outcome="bad_signature"})', ...equals(1));
    await expectSeries('hybrid_bot_slack_ack_duration_seconds_count{kind="command"}', ...equals(2));
    // Both acks came well inside Slack's 3 seconds.
    await expectSeries('hybrid_bot_slack_ack_duration_seconds_bucket{kind="command",le="3"}', ...equals(2));
    await expectSeries(
      'hybrid_bot_commands_total{job="hybrid-bot-worker",command="ping",outcome="done"}',
      ...equals(2),
    );
    await expectSeries(
      'sum(hybrid_bot_slack_api_calls_total{method="response_url",outcome="ok"})',
      ...above(1),
    );
  });

  it("counts a pool creation's steps as its journal records them, with the AWS and Kubernetes calls behind them", async () => {
    await t.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 20_000);
    for (const [i, host] of HOSTS.entries()) await registerAtHost(t, host, `10.80.20.${i + 11}`);
    await expectSeries('max(hybrid_bot_hosts{status="registered"})', ...equals(HOSTS.length));

    await t.command(`pool create tills --cluster demo --profile edge-standard --hosts ${HOSTS.join(',')}`, {
      user: 'U0OPERATOR',
    });
    // The plan waits for a second person: Prometheus sees it waiting before anyone approves.
    await expectSeries('max(hybrid_bot_approvals_waiting)', ...equals(1));
    await expectSeries('max(hybrid_bot_changes{kind="pool-create",state="awaiting-approval"})', ...equals(1));
    await approveChange(t, `Create pool tills (${HOSTS.length} hosts)`);
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('tills'),
      90_000,
    );

    const [change] = await changesOf(t).list(1);
    const steps = await changesOf(t).steps(String(change?.id));
    const done = steps.filter((s) => s.state === 'done').length;
    expect(done).toBeGreaterThan(HOSTS.length);
    await expectSeries(
      'sum(hybrid_bot_change_steps_total{kind="pool-create",outcome="done"})',
      ...equals(done),
    );
    await expectSeries(
      'sum(hybrid_bot_change_step_duration_seconds_count{kind="pool-create"})',
      ...above(done - 1),
    );
    await expectSeries('max(hybrid_bot_approvals_waiting)', ...equals(0));
    await expectSeries('count(hybrid_bot_changes)', (v) => v === undefined, 'has no live change');
    await expectSeries('max(hybrid_bot_hosts{status="joined"})', ...equals(HOSTS.length));
    await expectSeries('max(hybrid_bot_pools{drift="in_sync"})', ...equals(1));

    // One activation per host, through SSM; the joins and the checks read the cluster's API.
    await expectSeries(
      'sum(hybrid_bot_aws_requests_total{service="ssm",operation="CreateActivation",outcome="ok"})',
      ...equals(HOSTS.length),
    );
    await expectSeries(
      'sum(hybrid_bot_kubernetes_requests_total{operation="listNodes",outcome="ok"})',
      ...above(0),
    );
    await expectSeries('sum(hybrid_bot_monitor_sweeps_total{outcome="ok"})', ...above(0));
    await expectSeries('sum(hybrid_bot_monitor_nodes_seen_total)', ...above(0));
    await expectSeries('max(hybrid_bot_queue_jobs{queue="commands",state="failed"})', ...equals(0));
    await expectSeries('max(hybrid_bot_intake_pending)', ...equals(0));
    await expectSeries('max(hybrid_bot_outbox_queued)', ...equals(0));
    await expectSeries('max(hybrid_bot_outbox_oldest_age_seconds)', ...equals(0));
    await expectSeries(
      'sum(hybrid_bot_slack_api_calls_total{method="chat.update",outcome="ok"})',
      ...above(0),
    );
  }, 180_000);

  it('shows an alert firing by rule and severity while the agent has no node, and none once it is back', async () => {
    const agent = t.sim.control
      .state()
      .nodes.find(
        (n: { cluster: string; computeType?: string }) => n.cluster === 'demo' && n.computeType !== 'hybrid',
      );
    await expectSeries('count(hybrid_bot_alerts_firing)', (v) => v === undefined, 'has no alert');
    t.sim.control.setNodeReady(String(agent?.name), false, 'demo');
    await expectSeries(
      'max(hybrid_bot_alerts_firing{kind="agent-node-unavailable",severity="critical"})',
      ...equals(1),
    );
    t.sim.control.setNodeReady(String(agent?.name), true, 'demo');
    await expectSeries('count(hybrid_bot_alerts_firing)', (v) => v === undefined, 'has no alert');
  });

  it('serves what promtool check metrics accepts, with no host, user or cluster secret in a label', async () => {
    const promtool = prometheusTool('promtool');
    for (const port of [ports.web, ports.worker]) {
      const scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const checked = spawnSync(promtool, ['check', 'metrics'], { input: scrape, encoding: 'utf8' });
      expect({ port, status: checked.status, problems: `${checked.stdout}${checked.stderr}` }).toEqual({
        port,
        status: 0,
        problems: '',
      });
      for (const unbounded of [...HOSTS, 'U0OPERATOR', 'U0APPROVER', 'mi-', 'xoxb-']) {
        expect(scrape).not.toContain(unbounded);
      }
    }
  });

  it('loads the shipped alert rules, and says the workers are down when the worker stops', async () => {
    const rules = (await prom.api('/api/v1/rules')) as {
      groups: { name: string; rules: { name: string; health: string }[] }[];
    };
    const group = rules.groups.find((g) => g.name === 'hybrid-bot');
    expect(group?.rules.map((r) => [r.name, r.health])).toEqual([
      ['HybridBotWorkersDown', 'ok'],
      ['HybridBotIntakeLag', 'ok'],
      ['HybridBotOutboxStuck', 'ok'],
      ['HybridBotChangePaused', 'ok'],
      ['HybridBotAwsThrottling', 'ok'],
      ['HybridBotMonitorSweepsFailing', 'ok'],
    ]);
    await expectSeries('count(ALERTS{alertname="HybridBotWorkersDown"})', (v) => v === undefined, 'is quiet');
    await worker.stop();
    // Pending first: it fires once the workers stay down for its 2 minutes.
    await expectSeries('ALERTS{alertname="HybridBotWorkersDown",alertstate="pending"}', ...equals(1));
  });
});
