import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../sim';
import { startBot } from '../src/app/start-bot';
import { loadConfig } from '../src/config/load-config';
import { createLogger } from '../src/logger';
import { startRedisServer } from './lib/redis-server';

/**
 * `npm run demo`: a redis-server (unless REDIS_URL is set), the simulator with the demo scenario,
 * and the bot wired to both, so every command can be tried from a terminal with `npm run slack`.
 */
const ROOT = join(__dirname, '..');
export const SESSION_DIR = join(ROOT, '.demo');
export const SESSION_FILE = join(SESSION_DIR, 'session.json');

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
  - name: legacy
    region: us-west-2
    channel: C0OPS
    alertChannel: C0ALERTS
    hybridNodesRole: HybridNodesRole
monitor:
  intervalSeconds: 15
  gracePeriodSeconds: 30
`;

async function main(): Promise<void> {
  mkdirSync(SESSION_DIR, { recursive: true });
  const redis = process.env.REDIS_URL ? undefined : await startRedisServer();
  const sim = await startSimulator({
    port: Number(process.env.SIM_PORT ?? 4566),
    kubeconfigPath: join(SESSION_DIR, 'kubeconfig'),
  });
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
  const bot = await startBot(config, 'all', createLogger({ level: env.LOG_LEVEL }));
  const botUrl = bot.web?.url ?? '';
  const sandbox = await sim.startConsole({
    botUrl,
    signingSecret,
    port: Number(process.env.CONSOLE_PORT ?? 4580),
  });
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
    await bot.stop(5000);
    await sandbox.close();
    await sim.close();
    await redis?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
