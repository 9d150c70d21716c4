import { CreateActivationCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { awsClients, joinScript, ssmNodeConfig, waitForInvocation } from './sim-helpers';

// One simulator for the file: one host joined once, its faults set and cleared between tests.
let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;
let instanceId: string;
let config: string;
const HOST = 'store12-edge-01';

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.awsEndpoint}/_sim/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function runOn(commands: string[]) {
  const sent = await clients.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [instanceId],
      Parameters: { commands },
    }),
  );
  return waitForInvocation(clients.ssm, sent.Command!.CommandId!, instanceId);
}

const debug = () =>
  runOn([
    "cat > /tmp/nodeConfig.yaml <<'EOF'",
    config,
    'EOF',
    'nodeadm debug -c file:///tmp/nodeConfig.yaml --no-color',
  ]);

function nodeReady(): boolean | undefined {
  return sim.control.state().nodes.find((n) => n.name === instanceId)?.ready;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  clients = awsClients(sim.awsEndpoint);
  const activation = await clients.ssm.send(
    new CreateActivationCommand({ IamRole: 'HybridNodesRole', DefaultInstanceName: HOST }),
  );
  instanceId = sim.control.bootstrapHost(HOST, {
    activationId: activation.ActivationId,
    activationCode: activation.ActivationCode,
  }).managedInstanceId!;
  config = ssmNodeConfig({
    activationId: activation.ActivationId!,
    activationCode: activation.ActivationCode!,
  });
  const joined = await runOn(joinScript('1.31', config));
  expect(joined).toMatchObject({ Status: 'Success' });
  await waitFor(() => nodeReady() === true);
});
afterAll(() => sim.close());
afterEach(async () => {
  await control('DELETE', `hosts/${HOST}/faults`);
});

it('passes every nodeadm debug check on a healthy joined host and exits 0', async () => {
  const out = await debug();
  expect(out).toMatchObject({ Status: 'Success', ResponseCode: 0 });
  expect(out.StandardOutputContent).toContain('* Validating NTP synchronization status [Success]\n');
  expect(out.StandardOutputContent).toContain(
    '* Validating active node status in Kubernetes cluster [Success]',
  );
  expect(out.StandardOutputContent).not.toContain('[Failed]');
  expect(out.StandardOutputContent).not.toContain('Issues found during validation');
});

it.each([
  [
    'clock-skew',
    'Validating NTP synchronization status',
    'chronyd not synchronized',
    'Verify NTP server configuration in /etc/chrony.conf',
  ],
  ['swap-on', 'Checking swap configuration...', 'partition type swap found on the host', undefined],
  [
    'api-unreachable',
    'Validating access to Kubernetes API endpoint',
    'i/o timeout',
    'allows the node to access the Kubernetes API endpoint',
  ],
  [
    'certificate-expired',
    'Validating kubelet server certificate',
    'server certificate has expired',
    'Delete the kubelet server certificate file /var/lib/kubelet/pki/kubelet-server-current.pem and restart kubelet',
  ],
])(
  'fails nodeadm debug on %s with its check, error and remediation, and passes again once cleared',
  async (fault, check, error, remediation) => {
    const set = await control('POST', `hosts/${HOST}/faults`, { faults: [fault] });
    expect(set).toEqual({ status: 200, body: { host: HOST, faults: [fault] } });

    const out = await debug();
    expect(out).toMatchObject({ Status: 'Failed', ResponseCode: 1 });
    const text = out.StandardOutputContent!;
    expect(text).toContain(`* ${check} [Failed]\n  └─ Error\n     └─ `);
    expect(text).toContain(error);
    if (remediation) {
      expect(text).toContain('     └─ Remediation\n        └─ ');
      expect(text).toContain(remediation);
    }
    expect(text).toContain('* Validating authentication against AWS [Success]');
    expect(
      text.trimEnd().endsWith('Issues found during validation. Please follow the remediation advice above.'),
    ).toBe(true);

    expect(await control('DELETE', `hosts/${HOST}/faults`)).toEqual({
      status: 200,
      body: { host: HOST, faults: [] },
    });
    expect(await debug()).toMatchObject({ Status: 'Success', ResponseCode: 0 });
  },
);

it('answers swapon, free, df, chronyc and timedatectl from the host faults', async () => {
  await control('POST', `hosts/${HOST}/faults`, { faults: ['swap-on', 'disk-pressure', 'clock-skew'] });
  const out = await runOn([
    'swapon --show',
    'free -m | grep Swap',
    'df -h /',
    'chronyc tracking',
    'timedatectl | grep -v Local',
  ]);
  const text = out.StandardOutputContent!;
  expect(text).toContain('/dev/sda3 partition');
  expect(text).toMatch(/Swap: +8192 +0 +8192\n/);
  expect(text).toMatch(/ 93% \/\n/);
  expect(text).toContain('Leap status     : Not synchronised');
  expect(text).toContain('System clock synchronized: no');
  await control('DELETE', `hosts/${HOST}/faults`);
  const healthy = (await runOn(['swapon --show', 'chronyc tracking'])).StandardOutputContent!;
  expect(healthy).not.toContain('partition');
  expect(healthy).toContain('Leap status     : Normal');
});

it('takes the node NotReady on kubelet-crashloop, logs why, and brings it back with systemctl restart kubelet', async () => {
  await control('POST', `hosts/${HOST}/faults`, { faults: ['kubelet-crashloop', 'swap-on'] });
  await waitFor(() => nodeReady() === false);

  const journal = await runOn([
    'systemctl is-active kubelet || true',
    'journalctl -u kubelet --since "15 min ago" --no-pager | tail -n 5',
  ]);
  const lines = journal.StandardOutputContent!.split('\n');
  expect(lines[0]).toBe('activating');
  expect(lines.slice(1)).toHaveLength(5);
  expect(journal.StandardOutputContent).toMatch(
    /kubelet\[\d+\]: E\d{4} [\d:.]+ +\d+ run\.go:72\] "command failed" err="failed to run Kubelet: /,
  );
  expect(journal.StandardOutputContent).toContain("kubelet.service: Failed with result 'exit-code'.");

  const out = await debug();
  expect(out).toMatchObject({ Status: 'Failed', ResponseCode: 1 });
  expect(out.StandardOutputContent).toContain(
    `* Validating active node status in Kubernetes cluster [Failed]\n  └─ Error\n     └─ node '${instanceId}' did not become ready within timeout 5m0s`,
  );

  const restart = await runOn(['systemctl restart kubelet', 'systemctl is-active kubelet']);
  expect(restart).toMatchObject({ Status: 'Success', StandardOutputContent: 'active' });
  await waitFor(() => nodeReady() === true);
  // A restart does not turn swap off.
  expect((await control('GET', `hosts/${HOST}/faults`)).body).toEqual({ host: HOST, faults: ['swap-on'] });
});

it('refuses an unknown fault or host with a clear message and changes nothing', async () => {
  await control('POST', `hosts/${HOST}/faults`, { faults: ['clock-skew'] });
  const bad = await control('POST', `hosts/${HOST}/faults`, { faults: ['disk-full'] });
  expect(bad.status).toBe(400);
  expect(String(bad.body.error)).toContain('clock-skew');
  expect((await control('POST', 'hosts/nope/faults', { faults: [] })).status).toBe(404);
  expect((await control('GET', `hosts/${HOST}/faults`)).body).toEqual({ host: HOST, faults: ['clock-skew'] });
});

it('carries kernel, OS and nodeadm versions from the scenario and from POST /_sim/hosts', async () => {
  const probe = 'uname -r\nnodeadm --version\ncat /etc/os-release | grep PRETTY_NAME';
  expect(sim.control.runOnHost('store12-edge-03', probe).stdout).toBe(
    '5.14.0-427.13.1.el9_4.x86_64\nv1.0.19\nPRETTY_NAME="Red Hat Enterprise Linux 9.5 (Plow)"',
  );
  expect(sim.control.runOnHost('plant3-edge-02', 'nodeadm --version').stdout).toBe('v1.0.14');

  const added = await control('POST', 'hosts', {
    hosts: [
      {
        name: 'lab-edge-01',
        site: 'lab',
        ip: '10.80.9.1',
        os: 'ubuntu-20.04',
        kernel: '5.4.0-216-generic',
        nodeadmVersion: 'v1.0.21',
      },
    ],
  });
  expect(added.status).toBe(200);
  expect(sim.control.runOnHost('lab-edge-01', probe).stdout).toBe(
    '5.4.0-216-generic\nv1.0.21\nPRETTY_NAME="Ubuntu 20.04.6 LTS"',
  );
  expect(sim.control.state().hosts.find((h) => h.name === 'lab-edge-01')).toMatchObject({
    os: 'ubuntu-20.04',
    kernel: '5.4.0-216-generic',
    nodeadmVersion: 'v1.0.21',
  });
  const rejected = await control('POST', 'hosts', {
    hosts: [{ name: 'lab-edge-02', site: 'lab', ip: '10.80.9.2', kernel: 'latest' }],
  });
  expect(rejected.status).toBe(400);
  expect(String(rejected.body.error)).toContain('must look like `uname -r`');
});
