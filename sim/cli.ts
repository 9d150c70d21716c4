import { parseArgs } from 'node:util';
import { startSimulator } from './index';

/** `npm run sim -- [--port 4566] [--kubeconfig FILE] [--scenario FILE] [--slack-port N]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4566' },
      host: { type: 'string', default: '127.0.0.1' },
      kubeconfig: { type: 'string' },
      scenario: { type: 'string' },
      'slack-port': { type: 'string' },
    },
  });
  const sim = await startSimulator({
    port: Number(values.port),
    host: values.host,
    kubeconfigPath: values.kubeconfig,
    scenario: values.scenario,
    slackPort: values['slack-port'] ? Number(values['slack-port']) : undefined,
  });
  const lines = [
    `AWS endpoint (EKS, SSM, STS):  ${sim.awsEndpoint}`,
    `Slack Web API (SLACK_API_URL): ${sim.slackApiUrl}`,
    `Control API:                   ${sim.awsEndpoint}/_sim/state`,
    ...Object.entries(sim.clusters).map(
      ([name, c]) => `Kubernetes API of ${name}:`.padEnd(31) + c.kubeEndpoint,
    ),
    ...(values.kubeconfig
      ? [
          `kubeconfig:                    ${values.kubeconfig} (contexts: ${Object.keys(sim.clusters).join(', ')})`,
        ]
      : []),
    '',
    `Try: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-west-2 aws --endpoint-url ${sim.awsEndpoint} eks describe-cluster --name demo`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\n${signal}: stopping the simulator\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
