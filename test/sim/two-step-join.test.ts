import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  CreateActivationCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { parse } from 'yaml';
import { type RunningSimulator, type ScenarioInput, startSimulator } from '../../sim/index';
import { DEMO_SCENARIO_PATH } from '../../sim/scenario/load-scenario';
import { until } from '../support/until';
import { kubeGet, kubeRequest } from './kube-reader';
import { AWS_CLI_ENV, awsClients, waitForInvocation } from './sim-helpers';

/*
 * Registration and joining in two steps, as the bot does it for pools: the operator's bootstrap installs
 * nodeadm, leaves the credentials part of the NodeConfig on the host and registers the SSM agent; later
 * Run Commands write the pool's part, join the two on the host and run nodeadm init. The activation code
 * travels in no Run Command.
 */

const run = promisify(execFile);
const awsMissing = (() => {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return undefined;
  } catch (e) {
    return `aws --version failed: ${(e as Error).message.split('\n')[0]}`;
  }
})();
if (awsMissing) console.log(`Skipping the aws CLI tests: ${awsMissing}`);
const withAwsCli = awsMissing ? it.skip : it;

const INSTALL_MS = 30_000;
const INIT_MS = 45_000;
const HOST = 'store12-edge-01';

let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;
let now: number;

beforeEach(async () => {
  now = Date.now();
  sim = await startSimulator({
    port: 0,
    clock: { now: () => new Date(now) },
    scenario: {
      ...(parse(readFileSync(DEMO_SCENARIO_PATH, 'utf8')) as ScenarioInput),
      commandStepMs: 0,
      nodeadmInstallMs: INSTALL_MS,
      nodeadmInitMs: INIT_MS,
    },
  });
  clients = awsClients(sim.awsEndpoint);
});
afterEach(() => sim.close());

async function aws(...args: string[]) {
  const { stdout } = await run('aws', ['--endpoint-url', sim.awsEndpoint, '--output', 'json', ...args], {
    env: AWS_CLI_ENV,
  });
  return JSON.parse(stdout || '{}');
}

async function runAtHost(host: string, script: string) {
  const res = await fetch(`${sim.awsEndpoint}/_sim/hosts/${host}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ script }),
  });
  return (await res.json()) as {
    exitCode: number;
    stdout: string;
    stderr: string;
    managedInstanceId?: string;
  };
}

async function activation(host = HOST) {
  const a = await clients.ssm.send(
    new CreateActivationCommand({ IamRole: 'HybridNodesRole', DefaultInstanceName: host }),
  );
  return { id: a.ActivationId!, code: a.ActivationCode! };
}

/** The credentials part of the NodeConfig, indented as under `spec:`. */
const credentials = (a: { id: string; code: string }) =>
  `  hybrid:\n    ssm:\n      activationCode: "${a.code}"\n      activationId: "${a.id}"`;

/** The bootstrap the requester receives and pastes at the host. */
function bootstrap(a: { id: string; code: string }, creds = credentials(a)): string {
  return [
    'set -euo pipefail',
    'nodeadm install 1.31 --credential-provider ssm',
    'mkdir -p /etc/hybrid-bot',
    "(umask 077 && cat > /etc/hybrid-bot/credentials.yaml <<'EOF'",
    creds,
    'EOF',
    ')',
    `amazon-ssm-agent -register -code "${a.code}" -id "${a.id}" -region "us-west-2" -y`,
    'systemctl restart amazon-ssm-agent',
  ].join('\n');
}

const POOL_PART = [
  'apiVersion: node.eks.aws/v1alpha1',
  'kind: NodeConfig',
  'spec:',
  '  cluster:',
  '    name: demo',
  '    region: us-west-2',
  '  kubelet:',
  '    flags:',
  '      - --node-labels=hybrid-bot.io/pool=edge-a,hybrid-bot.io/site=store-12',
  '      - --register-with-taints=dedicated=edge:NoSchedule',
  '  containerd:',
  '    config: |',
  '      version = 2',
].join('\n');

/** The pool's join as the bot sends it through Run Command: no secret in it. */
const JOIN = [
  'set -euo pipefail',
  "cat > /etc/hybrid-bot/pool-nodeconfig.yaml <<'EOF'",
  POOL_PART,
  'EOF',
  '(umask 077 && cat /etc/hybrid-bot/pool-nodeconfig.yaml /etc/hybrid-bot/credentials.yaml > /etc/hybrid-bot/nodeconfig.yaml)',
  'nodeadm init -c file:///etc/hybrid-bot/nodeconfig.yaml',
];

const hybridNodes = () => sim.control.state().nodes.filter((n) => n.computeType === 'hybrid');

withAwsCli(
  'a pasted bootstrap registers the host as an Online managed instance and joins nothing; a pool’s Run Commands join it later, each InProgress until the simulator’s clock passes nodeadm’s durations',
  async () => {
    const a = await activation();
    const boot = await runAtHost(HOST, bootstrap(a));
    expect(boot).toMatchObject({
      exitCode: 0,
      managedInstanceId: expect.stringMatching(/^mi-[0-9a-f]{17}$/),
    });
    const instanceId = boot.managedInstanceId!;
    expect(boot.stdout).toContain(
      `INFO Successfully registered the instance with AWS SSM using Managed instance-id: ${instanceId}`,
    );
    const info = await aws(
      'ssm',
      'describe-instance-information',
      '--filters',
      `Key=InstanceIds,Values=${instanceId}`,
    );
    expect(info.InstanceInformationList).toEqual([
      expect.objectContaining({ InstanceId: instanceId, PingStatus: 'Online', Name: HOST }),
    ]);
    expect(hybridNodes()).toEqual([]);
    expect(sim.control.effects()[HOST]).toMatchObject({ 'nodeadm install': 1, 'ssm-agent register': 1 });
    expect(sim.control.effects()[HOST]).not.toHaveProperty('nodeadm init');

    // Step 1 of the pool: nodeadm install through Run Command (the SDK here; the aws CLI for step 2).
    const sdkStatus = async (commandId: string) => (await invocation(commandId, instanceId)).Status;
    const install = await clients.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instanceId],
        Parameters: { commands: ['nodeadm install 1.31 -p ssm -s distro'] },
      }),
    );
    const installId = install.Command!.CommandId!;
    await waitFor('the install in progress', async () => (await sdkStatus(installId)) === 'InProgress');
    now += INSTALL_MS - 1;
    expect(await sdkStatus(installId)).toBe('InProgress');
    now += 1;
    expect(await sdkStatus(installId)).toBe('Success');

    // Step 2: the pool's part, joined with the credentials on the host, and nodeadm init.
    const sent = await aws(
      'ssm',
      'send-command',
      '--cli-input-json',
      JSON.stringify({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instanceId],
        Parameters: { commands: JOIN },
      }),
    );
    const joinId = sent.Command.CommandId as string;
    const status = async (commandId: string) =>
      aws('ssm', 'get-command-invocation', '--command-id', commandId, '--instance-id', instanceId);
    expect((await status(joinId)).Status).toBe('InProgress');
    now += INIT_MS - 1;
    expect(await sdkStatus(joinId)).toBe('InProgress');
    expect(hybridNodes()).toEqual([]);
    now += 1;
    const joined = await status(joinId);
    expect(joined).toMatchObject({ Status: 'Success', ResponseCode: 0 });
    expect(joined.StandardOutputContent).toContain('SSM agent already registered, skipping registration');
    expect(joined.StandardOutputContent).not.toContain('Registering with SSM');

    const node = await kubeGet(sim, 'demo', `/api/v1/nodes/${instanceId}`);
    expect(node.metadata.labels).toMatchObject({
      'hybrid-bot.io/pool': 'edge-a',
      'hybrid-bot.io/site': 'store-12',
      'eks.amazonaws.com/compute-type': 'hybrid',
    });
    expect(node.spec.taints).toEqual([{ key: 'dedicated', value: 'edge', effect: 'NoSchedule' }]);
    expect(sim.control.effects()[HOST]).toMatchObject({
      'nodeadm init': 1,
      'nodeadm install': 2,
      'ssm-agent register': 1,
    });

    // SSM's command history holds every parameter: the activation code is in none of them.
    const history = await aws('ssm', 'list-commands', '--instance-id', instanceId);
    expect(history.Commands).toHaveLength(2);
    expect(JSON.stringify(history)).toContain('nodeadm init -c file:///etc/hybrid-bot/nodeconfig.yaml');
    expect(JSON.stringify(history)).not.toContain(a.code);
  },
  // The aws CLI takes a second or more per call on a busy machine.
  120_000,
);

it('keeps a host’s files between scripts and through nodeadm uninstall, which deregisters the agent', async () => {
  const a = await activation();
  const { managedInstanceId } = await runAtHost(HOST, bootstrap(a));
  const shown = await runAtHost(HOST, 'cat /etc/hybrid-bot/credentials.yaml');
  expect(shown).toMatchObject({ exitCode: 0, stdout: credentials(a) });

  const gone = await runAtHost(HOST, 'nodeadm uninstall');
  expect(gone.exitCode).toBe(0);
  expect(gone.stdout).toContain('Deregistering SSM managed instance');
  expect(sim.control.state().managedInstances.map((i) => i.instanceId)).not.toContain(managedInstanceId);
  const after = await runAtHost(
    HOST,
    'test -f /etc/hybrid-bot/credentials.yaml && echo kept\ntest -f /var/lib/amazon/ssm/registration || echo unregistered >&2',
  );
  expect(after).toMatchObject({ exitCode: 0, stdout: 'kept', stderr: 'unregistered' });
  // The agent left with nodeadm.
  const again = await runAtHost(
    HOST,
    `amazon-ssm-agent -register -code "${a.code}" -id "${a.id}" -region us-west-2`,
  );
  expect(again).toMatchObject({ exitCode: 127, stderr: 'bash: line 1: amazon-ssm-agent: command not found' });
});

it('names no node for a host that left its cluster, when its operator bootstraps it again', async () => {
  await runAtHost(HOST, bootstrap(await activation()));
  await runAtHost(
    HOST,
    `echo '${Buffer.from(`${POOL_PART}\n`).toString('base64')}' | base64 -d > /etc/hybrid-bot/pool-nodeconfig.yaml`,
  );
  const joined = await runAtHost(HOST, JOIN.slice(4).join('\n'));
  const nodeName = (joined as { nodeName?: string }).nodeName;
  expect(nodeName).toMatch(/^mi-/);
  // The host leaves as a pool takes it out: cordon, nodeadm uninstall, the Node deleted.
  const node = await kubeGet(sim, 'demo', `/api/v1/nodes/${nodeName}`);
  node.spec.unschedulable = true;
  await kubeRequest(sim, 'demo', 'PUT', `/api/v1/nodes/${nodeName}`, node);
  const pods = await kubeGet(sim, 'demo', `/api/v1/pods?fieldSelector=spec.nodeName%3D${nodeName}`);
  for (const p of pods.items.filter((p: { metadata: { ownerReferences?: { kind: string }[] } }) =>
    p.metadata.ownerReferences?.every((o) => o.kind !== 'DaemonSet'),
  ))
    await kubeRequest(
      sim,
      'demo',
      'DELETE',
      `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`,
    );
  expect((await runAtHost(HOST, 'nodeadm uninstall')).exitCode).toBe(0);
  await kubeRequest(sim, 'demo', 'DELETE', `/api/v1/nodes/${nodeName}`);
  // A new registration (reissued activation): registered again, joined to nothing.
  const again = await runAtHost(HOST, bootstrap(await activation()));
  expect(again).toMatchObject({ exitCode: 0, managedInstanceId: expect.stringMatching(/^mi-/) });
  expect(again).not.toHaveProperty('nodeName', expect.anything());
});

it('keeps a pool part written with base64 for a later nodeadm init, and removes files with rm -f', async () => {
  const a = await activation();
  await runAtHost(HOST, bootstrap(a));
  const b64 = Buffer.from(`${POOL_PART}\n`).toString('base64');
  const written = await runAtHost(HOST, `echo '${b64}' | base64 -d > /etc/hybrid-bot/pool-nodeconfig.yaml`);
  expect(written.exitCode).toBe(0);
  const joined = await runAtHost(HOST, JOIN.slice(4).join('\n'));
  expect(joined.exitCode).toBe(0);
  expect(hybridNodes()).toHaveLength(1);
  const removed = await runAtHost(
    HOST,
    'rm -f /etc/hybrid-bot/pool-nodeconfig.yaml /etc/hybrid-bot/none\ncat /etc/hybrid-bot/pool-nodeconfig.yaml',
  );
  expect(removed).toMatchObject({
    exitCode: 1,
    stderr: 'cat: /etc/hybrid-bot/pool-nodeconfig.yaml: No such file or directory',
  });
});

it('fails the join with cat’s message when the host has no credentials file, and nodeadm never runs', async () => {
  const a = await activation();
  // Registered the one-step way: no credentials left on the host.
  const { managedInstanceId } = sim.control.bootstrapHost(HOST, {
    activationId: a.id,
    activationCode: a.code,
  });
  const { Command } = await clients.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [managedInstanceId!],
      Parameters: { commands: ['nodeadm install 1.31 -p ssm -s distro', ...JOIN] },
    }),
  );
  await waitFor(
    'the command in progress',
    async () => (await invocation(Command!.CommandId!, managedInstanceId!)).Status === 'InProgress',
  );
  now += INSTALL_MS;
  const out = await waitForInvocation(clients.ssm, Command!.CommandId!, managedInstanceId!);
  expect(out).toMatchObject({
    Status: 'Failed',
    ResponseCode: 1,
    StandardErrorContent: 'cat: /etc/hybrid-bot/credentials.yaml: No such file or directory',
  });
  expect(sim.control.effects()[HOST]).not.toHaveProperty('nodeadm init');
  expect(hybridNodes()).toEqual([]);
});

it('still validates the activation fields of the NodeConfig when the agent is already registered', async () => {
  const a = await activation();
  const bad = credentials(a).replace(a.id, 'not-a-uuid');
  expect((await runAtHost(HOST, bootstrap(a, bad))).exitCode).toBe(0);
  const init = await runAtHost(HOST, JOIN.join('\n'));
  expect(init.exitCode).toBe(1);
  expect(init.stderr).toContain('invalid ActivationID format: not-a-uuid');
  expect(hybridNodes()).toEqual([]);
});

it('reports a failed registration as the SSM agent prints it, and asks before replacing one without -y', async () => {
  const a = await activation();
  const noInstall = bootstrap(a).replace('nodeadm install 1.31 --credential-provider ssm\n', '');
  expect(await runAtHost(HOST, noInstall)).toMatchObject({
    exitCode: 127,
    stderr: 'bash: line 10: amazon-ssm-agent: command not found',
  });

  const wrong = await runAtHost(HOST, bootstrap({ ...a, code: 'x'.repeat(20) }));
  expect(wrong.exitCode).toBe(1);
  expect(wrong.stdout).toMatch(
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ERROR Registration failed due to error registering the instance with AWS SSM\. InvalidActivation: Activation ID or code is not valid\./m,
  );

  now += 25 * 3600_000; // past the activation's default 24 hours
  const expired = await runAtHost(HOST, bootstrap(a));
  expect(expired.stdout).toContain('ActivationExpired: Activation has expired.');
  expect(sim.control.effects()[HOST]).not.toHaveProperty('ssm-agent register');

  const fresh = await activation();
  expect((await runAtHost(HOST, bootstrap(fresh))).exitCode).toBe(0);
  const asked = await runAtHost(
    HOST,
    `amazon-ssm-agent -register -code "${fresh.code}" -id "${fresh.id}" -region us-west-2`,
  );
  expect(asked.exitCode).toBe(1);
  expect(asked.stdout).toContain('Instance already registered. Would you like to override existing');
  // The activation's registration limit (1) is used up.
  const limit = await runAtHost(
    HOST,
    `amazon-ssm-agent -register -code "${fresh.code}" -id "${fresh.id}" -region us-west-2 -y`,
  );
  expect(limit.stdout).toContain('InvalidActivation: Activation has reached its registration limit.');
  expect(sim.control.effects()[HOST]).toMatchObject({ 'ssm-agent register': 1 });
});

it('fails nodeadm init in a Run Command with an injected fault for the host, after its duration', async () => {
  const a = await activation();
  const { managedInstanceId } = await runAtHost(HOST, bootstrap(a));
  sim.control.setFault({ host: HOST, nodeadm: 'init', message: 'kubelet failed to start' });
  const { Command } = await clients.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [managedInstanceId!],
      Parameters: { commands: JOIN },
    }),
  );
  await waitFor(
    'the command in progress',
    async () => (await invocation(Command!.CommandId!, managedInstanceId!)).Status === 'InProgress',
  );
  now += INIT_MS;
  const out = await waitForInvocation(clients.ssm, Command!.CommandId!, managedInstanceId!);
  expect(out.Status).toBe('Failed');
  expect(out.StandardErrorContent).toContain('"error":"kubelet failed to start"');
  expect(sim.control.effects()[HOST]).not.toHaveProperty('nodeadm init');
  expect(hybridNodes()).toEqual([]);
});

it('runs a two-step bootstrap from the sandbox console as pasted at the host, and reports a failing one', async () => {
  const console = await sim.startConsole({ botUrl: 'http://127.0.0.1:9', signingSecret: 'unused', port: 0 });
  try {
    const post = async (host: string, script: string) => {
      await fetch(`${sim.slackApiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test' },
        body: JSON.stringify({
          channel: 'U0OPERATOR',
          text: `Bootstrap for host ${host}`,
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: `Bootstrap ${host}` } },
            { type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${script}\`\`\`` } },
          ],
        }),
      });
    };
    const runBootstrap = async (host: string) => {
      await waitFor(`the bootstrap message for ${host}`, async () =>
        console.workspace.messages.some((m) => m.text === `Bootstrap for host ${host}`),
      );
      const res = await fetch(`${console.url}api/sim/bootstrap`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as: 'U0OPERATOR', host }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const a = await activation();
    await post(HOST, bootstrap(a));
    const ok = await runBootstrap(HOST);
    expect(ok).toMatchObject({
      status: 200,
      body: { exitCode: 0, managedInstanceId: expect.stringMatching(/^mi-/) },
    });
    expect(hybridNodes()).toEqual([]);
    expect((await runAtHost(HOST, 'cat /etc/hybrid-bot/credentials.yaml')).stdout).toBe(credentials(a));

    const other = 'store12-edge-02';
    await post(other, bootstrap({ ...(await activation(other)), code: 'y'.repeat(20) }));
    const refused = await runBootstrap(other);
    expect(refused.status).toBe(400);
    expect(String(refused.body.error)).toContain('InvalidActivation: Activation ID or code is not valid.');
  } finally {
    await console.close();
  }
});

const invocation = (CommandId: string, InstanceId: string) =>
  clients.ssm.send(new GetCommandInvocationCommand({ CommandId, InstanceId }));

/** Polls every 10 ms for up to 2 s: the simulator answers at once, its clock is the test's. */
const waitFor = (what: string, condition: () => Promise<boolean>) =>
  until(what, condition, { timeoutMs: 2000, intervalMs: 10 });
