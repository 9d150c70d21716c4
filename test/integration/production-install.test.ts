import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSimulator, startSimulator } from '../../sim';
import { type FakeSlack, startFakeSlack } from '../../sim/slack/fake-slack';
import { productionRecipe } from '../support/dockerfile';
import { buttonClick, buttonsIn, secretsIn } from '../support/hosts-support';
import { type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver';
import { bootstrapScript, poolScenario, text } from '../support/pool-support';
import { freePort, type RedisServer, startRedisServer } from '../support/redis-server';
import { interactionBody, postSigned, slashCommandBody } from '../support/slack-requests';
import { until } from '../support/until';

// The bot installed as deploy/Dockerfile installs it (its `npm ci --omit=dev`, the files it copies,
// nothing else) into a clean directory, then started as the image starts it, as a web and a worker
// process. A runtime import of a dev dependency, or of a file the image does not copy, fails here.
const ROOT = join(__dirname, '..', '..');
const recipe = productionRecipe();
const SIGNING_SECRET = 'production-install-signing-secret-0123';
const BOT_TOKEN = 'xoxb-production-install-test-token';
const CONFIG = `
access: { admins: [U0ADMIN], approvers: [U0APPROVER], operators: [U0OPERATOR], viewers: ["*"] }
clusters:
  - { name: demo, region: us-west-2, channel: C0OPS, alertChannel: C0ALERTS, hybridNodesRole: HybridNodesRole }
pools: { pollMinMs: 50, pollMaxMs: 250 }
`;

let dir: string;
let redis: RedisServer;
let slack: FakeSlack;
let sim: RunningSimulator;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
const processes: { name: string; child: ChildProcess; output: string[] }[] = [];
let webPort: number;
let workerPort: number;
/** Each process's /metrics, apart: two processes on one machine cannot share METRICS_PORT. */
const metricsPorts: Record<string, number> = {};

function run(command: string[], env: NodeJS.ProcessEnv) {
  const [file = '', ...args] = command;
  const r = spawnSync(file, args, { cwd: dir, env, encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`${command.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r;
}

/** `hybrid-bot <mode>` started from the installed copy as the image's ENTRYPOINT starts it. */
function start(mode: string, env: NodeJS.ProcessEnv) {
  const [file = '', ...args] = recipe.entrypoint;
  const child = spawn(file === 'node' ? process.execPath : file, [...args, mode], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  processes.push({ name: mode, child, output });
}

const command = (line: string) =>
  postSigned(
    `http://127.0.0.1:${webPort}`,
    slashCommandBody({ text: line, user: 'U0OPERATOR', channel: 'C0OPS', responseUrl: slack.responseUrl() }),
    'application/x-www-form-urlencoded',
    { secret: SIGNING_SECRET },
  );
const slackCall = (what: string, match: (c: ReturnType<FakeSlack['calls']>[number]) => boolean) =>
  until(what, () => slack.calls().find((c) => c.status === 200 && match(c)), {
    timeoutMs: 30_000,
    detail: logs,
  });
const reply = (match: string) =>
  slackCall(
    `a reply with "${match}"`,
    (c) => c.kind === 'response_url' && JSON.stringify(c.args).includes(match),
  );

const logs = () =>
  processes
    .map((p) => `--- ${p.name} (exit ${p.child.exitCode}):\n${p.output.join('').slice(-3000)}`)
    .join('\n');

/** A process that stopped ends the wait at once, with what it said. */
const exited = () => {
  if (processes.some((p) => p.child.exitCode !== null)) throw new Error(`a process exited:\n${logs()}`);
  return false;
};

const status = (port: number, path: string) =>
  fetch(`http://127.0.0.1:${port}${path}`).then(
    (r) => r.status,
    () => 0,
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hybrid-bot-production-'));
  for (const path of recipe.copied) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  // The same command as the image's, from the local npm cache when it can (CI's time).
  const npmEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    npm_config_cache: process.env.npm_config_cache,
  };
  for (const install of recipe.install) run([...install.split(/\s+/), '--prefer-offline'], npmEnv);
  // Nothing under the install is writable at run time, as in the image (read-only root filesystem).
  run(['chmod', '-R', 'a-w', '.'], npmEnv);

  [redis, slack, sim, otlp] = await Promise.all([
    // A policy that evicts: each process must say so at start.
    startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lru'] }),
    startFakeSlack(),
    startSimulator({
      port: 0,
      nodeReadyDelayMs: 0,
      scenario: poolScenario(1, { nodeadmInstallMs: 200, nodeadmInitMs: 200 } as never),
    }),
    startOtlpReceiver(),
  ]);
  const configPath = join(mkdtempSync(join(tmpdir(), 'hybrid-bot-production-config-')), 'config.yaml');
  writeFileSync(configPath, CONFIG);
  [webPort, workerPort] = [await freePort(), await freePort()];
  metricsPorts.web = await freePort();
  metricsPorts.worker = await freePort();
  const env = (port: number, mode: string): NodeJS.ProcessEnv => ({
    ...recipe.env,
    PATH: process.env.PATH,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    REDIS_URL: redis.url,
    HYBRID_BOT_CONFIG: configPath,
    PORT: String(port),
    METRICS_PORT: String(metricsPorts[mode]),
    AWS_ENDPOINT_URL: sim.awsEndpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-west-2',
    // Traces on, as production turns them on, sent to this test's collector at once.
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_SERVICE_NAME: `hybrid-bot-${mode}`,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  start('web', env(webPort, 'web'));
  start('worker', env(workerPort, 'worker'));
}, 300_000);

afterAll(async () => {
  await Promise.all(
    processes.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await Promise.all([redis?.stop(), slack?.close(), sim?.close(), otlp?.close()]);
  if (dir) {
    spawnSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

it('the installed web and worker processes become ready and answer their health checks', async () => {
  for (const port of [webPort, workerPort]) {
    await until(`/readyz on port ${port}`, async () => (await status(port, '/readyz')) === 200 || exited(), {
      timeoutMs: 60_000,
      intervalMs: 100,
      detail: logs,
    });
  }
  // prom-client is a runtime dependency: the installed copy serves the bot's metrics.
  for (const mode of ['web', 'worker']) {
    const scrape = await fetch(`http://127.0.0.1:${metricsPorts[mode]}/metrics`).then((r) => r.text());
    expect(scrape).toContain('hybrid_bot_process_cpu_seconds_total');
  }
  for (const p of processes) {
    expect(p.output.join('')).toContain('Redis maxmemory-policy is allkeys-lru');
  }
  // The image's HEALTHCHECK command, run as docker runs it, against each process.
  for (const port of [webPort, workerPort]) {
    const [file = '', ...args] = recipe.healthcheck;
    const r = spawnSync(file === 'node' ? process.execPath : file, args, {
      env: { PATH: process.env.PATH, PORT: String(port) },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
  }
}, 70_000);

it('answers a command through its worker, calling AWS with the SDK it installed', async () => {
  expect((await command('ping')).status).toBe(200);
  expect(String((await reply('pong')).args.text)).toMatch(/queue latency \d+ ms/);

  expect((await command('host register edge-01 --cluster demo --site store-12 --ip 10.80.1.11')).status).toBe(
    200,
  );
  // The bootstrap holds the activation SSM created for it.
  expect(JSON.stringify((await reply('Bootstrap edge-01')).args)).toMatch(/activationId: [0-9a-f-]{36}/);
  expect(logs()).not.toContain(BOT_TOKEN);
  expect(logs()).not.toContain(SIGNING_SECRET);
}, 60_000);

it('traces a pool create and its approval from the Slack request on, each step in a trace of its own linked to its change, and the Slack calls, with no secret', async () => {
  await command('profile create edge-standard --k8s 1.31');
  await reply('edge-standard');
  await command('host register store20-edge-01 --cluster demo --site store-20 --ip 10.80.20.11');
  const bootstrap = await reply('Bootstrap store20-edge-01');
  const ran = await sim.control.runOnHost('store20-edge-01', bootstrapScript(bootstrap));
  await slackCall('the host registered', (c) =>
    text(c).includes(`registered as \`${ran.managedInstanceId}\``),
  );

  await command('pool create tills --cluster demo --profile edge-standard --hosts store20-edge-01');
  const request = await slackCall(
    'the approval request',
    (c) => c.method === 'chat.postMessage' && text(c).includes('Create pool tills'),
  );
  const [approve] = buttonsIn(request.args);
  await postSigned(
    `http://127.0.0.1:${webPort}`,
    interactionBody(
      buttonClick('U0APPROVER', approve as never, {
        messageTs: '1700000001.000300',
        responseUrl: slack.responseUrl(),
      }),
    ),
    'application/x-www-form-urlencoded',
    { secret: SIGNING_SECRET },
  );
  // The first step: the Run Command that installs nodeadm on the host.
  const sendCommand = await until("the first step's Run Command", () =>
    otlp.spans.find((s) => s.name === 'SSM.SendCommand'),
  );

  // The outbox's Slack Web API calls, and its answers to response_urls, each a client span; a
  // response_url is a credential for 30 minutes: no span holds its path.
  await until('the span of a chat.postMessage call', () =>
    otlp.spans.find(
      (s) => s.kind === CLIENT && String(s.attributes['url.full']).endsWith('/api/chat.postMessage'),
    ),
  );
  const answer = await until('the span of a response_url answer', () =>
    otlp.spans.find(
      (s) =>
        s.kind === CLIENT &&
        s.service === 'hybrid-bot-worker' &&
        s.attributes['server.port'] === Number(new URL(slack.url).port) &&
        !String(s.attributes['url.full']).includes('/api/'),
    ),
  );
  expect(answer.attributes['url.full']).toBe(`${new URL(slack.url).origin}/REDACTED`);

  const { activationCode } = secretsIn(text(bootstrap));
  for (const span of otlp.spans) {
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, activationCode, 'xoxb-', '/response/'])
      expect(span.raw).not.toContain(secret);
  }

  // Each Slack request is a server span of the web process, and its job's span in the worker is its child.
  const job = (name: string) =>
    until(`the span of the ${name} job`, () =>
      otlp.spans.find((s) => s.kind === CONSUMER && s.attributes['bullmq.job.name'] === name),
    );
  for (const name of ['pool create', 'change-decide']) {
    const span = await job(name);
    expect(span.service).toBe('hybrid-bot-worker');
    expect(parentOf(span)).toMatchObject({ service: 'hybrid-bot-web', kind: SERVER, name: 'POST' });
  }
  // The approval's trace runs from the click through the decision to the change's start…
  const decided = await job('change-decide');
  const started = await until("the change's start in the approval's trace", () =>
    otlp.spans.find(
      (s) =>
        s.traceId === decided.traceId &&
        s.kind === CONSUMER &&
        s.attributes['bullmq.job.name'] === 'change-advance',
    ),
  );
  // …and each step runs in a trace of its own: its job's span is the root, and the step's span in it
  // links to the change's start and names the change.
  expect(sendCommand.traceId).not.toBe(decided.traceId);
  // A span is exported when it ends: the step's job span, its root, comes after the AWS call's.
  const chain = await until("the step's trace up to its root", () => {
    const found = ancestorsOf(sendCommand);
    return found.at(-1)?.parentSpanId ? undefined : found;
  });
  expect(chain.at(-1)).toMatchObject({ kind: CONSUMER, attributes: { 'bullmq.job.name': 'change-step' } });
  expect(chain.at(-1)?.parentSpanId).toBeUndefined();
  const step = chain.find((s) => s.name.startsWith('change step'));
  const { id: changeId } = JSON.parse(String(approve?.value)) as { id: string };
  expect(step).toMatchObject({
    service: 'hybrid-bot-worker',
    attributes: { 'hybrid_bot.change.id': changeId, 'hybrid_bot.change.kind': 'pool-create' },
    links: [expect.objectContaining({ traceId: started.traceId, spanId: started.spanId })],
  });
}, 120_000);

const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;
const parentOf = (span: ReceivedSpan) =>
  otlp.spans.find((s) => s.traceId === span.traceId && s.spanId === span.parentSpanId);
/** The span's parent, its parent's parent, … up to the trace's root. */
function ancestorsOf(span: ReceivedSpan): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  for (let p = parentOf(span); p; p = parentOf(p)) chain.push(p);
  return chain;
}
