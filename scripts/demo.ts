import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBot } from '../app/start-bot';
import { startSimulator } from '../sim';
import { loadConfig } from '../src/config/load-config';
import { createLogger } from '../src/logger';
import { demoDir, removeSession, runningSession, sessionFile } from './lib/demo-session';
import { startRedisServer } from './lib/redis-server';

/**
 * `npm run demo`: a redis-server (unless REDIS_URL is set), the simulator with the demo scenario,
 * and the bot wired to both, so every command can be tried from a terminal with `npm run slack`.
 */
const SESSION_DIR = demoDir();
const SESSION_FILE = sessionFile();

const DEMO_CONFIG = `# Written by npm run demo. Channels and users are the simulated workspace's.
access:
  admins: [U0ADMIN]
  approvers: [U0APPROVER]
  operators: [U0OPERATOR]
  viewers: ["*"]
clusters:
  - name: demo
    region: us-west-2
    channel: C0OPS
    alertChannel: C0ALERTS
    hybridNodesRole: HybridNodesRole
    vpcCidrs: [10.0.0.0/16]
    iamRolesAnywhere:
      trustAnchorArn: arn:aws:rolesanywhere:us-west-2:111122223333:trust-anchor/0b1f0c2e-5c4d-4e55-9b4a-2f1e3d4c5b6a
      profileArn: arn:aws:rolesanywhere:us-west-2:111122223333:profile/7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d
      roleArn: arn:aws:iam::111122223333:role/HybridNodesRole
  - name: gitops
    region: us-west-2
    channel: C0GITOPS
    alertChannel: C0ALERTS
    hybridNodesRole: HybridNodesRole
    vpcCidrs: [10.2.0.0/16]
  - name: legacy
    region: us-west-2
    channel: C0OPS
    alertChannel: C0ALERTS
    hybridNodesRole: HybridNodesRole
monitor:
  intervalSeconds: 15
  gracePeriodSeconds: 30
`;

/** What has been started so far, stopped in reverse order whatever fails: nothing is left behind. */
const started: { name: string; stop: () => Promise<unknown> }[] = [];

async function stopAll(): Promise<void> {
  for (const part of started.splice(0).reverse()) {
    await part.stop().catch((err: unknown) => {
      process.stderr.write(`could not stop the ${part.name}: ${(err as Error).message}\n`);
    });
  }
}

async function main(): Promise<void> {
  const running = await runningSession();
  if (running) {
    throw new Error(
      `A demo is already running (bot at ${running.botUrl}): use it, or stop it with Ctrl-C in its terminal first.`,
    );
  }
  mkdirSync(SESSION_DIR, { recursive: true });
  const redis = process.env.REDIS_URL ? undefined : await startRedisServer();
  if (redis) {
    started.push({ name: 'redis-server', stop: () => redis.stop() });
    process.stdout.write(`redis-server (pid ${redis.pid}) on ${redis.url}\n`);
  }
  const simPort = Number(process.env.SIM_PORT ?? 4566);
  const sim = await startSimulator({
    port: simPort,
    kubeconfigPath: join(SESSION_DIR, 'kubeconfig'),
  }).catch((err: Error) => {
    throw new Error(portInUse(err, 'simulator', simPort, 'SIM_PORT'));
  });
  started.push({ name: 'simulator', stop: () => sim.close() });
  const configPath = join(SESSION_DIR, 'config.yaml');
  writeFileSync(configPath, DEMO_CONFIG);
  const signingSecret = randomBytes(16).toString('hex');
  const env = {
    ...process.env,
    SLACK_BOT_TOKEN: 'xoxb-demo-simulated-workspace',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: sim.slackApiUrl,
    REDIS_URL: process.env.REDIS_URL ?? redis?.url,
    HYBRID_BOT_CONFIG: configPath,
    PORT: process.env.PORT ?? '3000',
    // Off unless asked for: the demo has no Prometheus to read it.
    METRICS_PORT: process.env.METRICS_PORT ?? '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    AWS_ENDPOINT_URL: sim.awsEndpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-west-2',
  };
  // The bot's AWS clients read the standard AWS variables from the process environment.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-west-2',
  });
  const config = loadConfig(env);
  const bot = await startBot(config, 'all', createLogger({ level: env.LOG_LEVEL })).catch((err: Error) => {
    throw new Error(portInUse(err, 'bot', Number(env.PORT), 'PORT'));
  });
  started.push({ name: 'bot', stop: () => bot.stop(5000) });
  const botUrl = bot.web?.url ?? '';
  const consolePort = Number(process.env.CONSOLE_PORT ?? 4580);
  const sandbox = await sim.startConsole({ botUrl, signingSecret, port: consolePort }).catch((err: Error) => {
    throw new Error(portInUse(err, 'console', consolePort, 'CONSOLE_PORT'));
  });
  started.push({ name: 'console', stop: () => sandbox.close() });
  // The signing secret is this session's own random one, kept next to the demo for the slack CLI.
  writeFileSync(
    SESSION_FILE,
    JSON.stringify(
      { botUrl, signingSecret, simUrl: sim.awsEndpoint, slackUrl: sim.slackApiUrl.replace(/\/api\/$/, '') },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  started.push({ name: 'session file', stop: async () => removeSession() });

  process.stdout.write(
    [
      '',
      'hybrid-bot demo is running against the simulator.',
      `  console:    ${sandbox.url}   (open it: the workspace, as in Slack)`,
      `  bot:        ${botUrl}/slack/events   (health: ${botUrl}/readyz)`,
      `  simulator:  ${sim.awsEndpoint}   (state: ${sim.awsEndpoint}/_sim/state)`,
      `  redis:      ${env.REDIS_URL}`,
      `  kubectl:    kubectl --kubeconfig ${join(SESSION_DIR, 'kubeconfig')} --context demo get nodes`,
      '',
      'In another terminal, talk to it as Slack would:',
      "  npm run slack -- '/hybrid help'",
      "  npm run slack -- '/hybrid ping'",
      "  npm run slack -- --as U0ADMIN '/hybrid audit'",
      '',
      'Users: U0ADMIN (admin), U0APPROVER (approver), U0OPERATOR (operator, the default), anyone else is a viewer.',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  const stop = async () => {
    await stopAll();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** A port someone else holds is the usual reason a part fails to start: say which, and how to move it. */
function portInUse(err: Error, part: string, port: number, variable: string): string {
  return (err as NodeJS.ErrnoException).code === 'EADDRINUSE' || /EADDRINUSE/.test(err.message)
    ? `The ${part} cannot listen on port ${port}: another process uses it. Stop that process, or pick another port with ${variable}=<port> npm run demo.`
    : `The ${part} did not start: ${err.message}`;
}

main().catch(async (err: unknown) => {
  process.stderr.write(`demo failed to start: ${(err as Error).message}\n`);
  await stopAll();
  process.exit(1);
});
