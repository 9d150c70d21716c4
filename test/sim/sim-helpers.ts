import { EKSClient } from '@aws-sdk/client-eks';
import {
  GetCommandInvocationCommand,
  type GetCommandInvocationCommandOutput,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { until } from '../support/until';

export function awsClients(endpoint: string) {
  const config = {
    endpoint,
    region: 'us-west-2',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  return { eks: new EKSClient(config), ssm: new SSMClient(config), sts: new STSClient(config) };
}

export function ssmNodeConfig(o: {
  cluster?: string;
  region?: string;
  activationId: string;
  activationCode: string;
  flags?: string[];
}): string {
  return [
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster:',
    `    name: ${o.cluster ?? 'demo'}`,
    `    region: ${o.region ?? 'us-west-2'}`,
    '  hybrid:',
    '    ssm:',
    `      activationCode: "${o.activationCode}"`,
    `      activationId: "${o.activationId}"`,
    ...(o.flags ? ['  kubelet:', '    flags:', ...o.flags.map((f) => `      - "${f}"`)] : []),
  ].join('\n');
}

/** The script an operator (or the bot) sends with AWS-RunShellScript to join a host. */
export function joinScript(version: string, nodeConfig: string, provider = 'ssm'): string[] {
  return [
    'set -euo pipefail',
    `nodeadm install ${version} --credential-provider ${provider}`,
    "cat > /tmp/nodeConfig.yaml <<'EOF'",
    nodeConfig,
    'EOF',
    'nodeadm init -c file:///tmp/nodeConfig.yaml',
  ];
}

/** Polls GetCommandInvocation until the invocation ends, as callers of Run Command do. */
export async function waitForInvocation(
  ssm: SSMClient,
  CommandId: string,
  InstanceId: string,
): Promise<GetCommandInvocationCommandOutput> {
  return until(
    `command ${CommandId} to finish`,
    async () => {
      const out = await ssm.send(new GetCommandInvocationCommand({ CommandId, InstanceId }));
      return out.Status !== 'Pending' && out.Status !== 'InProgress' ? out : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 20 },
  );
}

/** The aws CLI's environment against the simulator: its test keys, and no profile from the machine. */
export const AWS_CLI_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-west-2',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};
