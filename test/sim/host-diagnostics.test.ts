import { CreateActivationCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { diagnosticsScript } from '../../src/domain/diagnostics/diagnostics-script';
import { parseDiagnostics } from '../../src/domain/diagnostics/parse-diagnostics';
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
  // Counted on the host, as a test proving it ran once reads it.
  expect(sim.control.effects()[HOST]?.['systemctl restart kubelet']).toBe(1);
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
  expect((await sim.control.runOnHost('store12-edge-03', probe)).stdout).toBe(
    '5.14.0-427.13.1.el9_4.x86_64\nv1.0.19\nPRETTY_NAME="Red Hat Enterprise Linux 9.5 (Plow)"',
  );
  expect((await sim.control.runOnHost('plant3-edge-02', 'nodeadm --version')).stdout).toBe('v1.0.14');

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
  expect((await sim.control.runOnHost('lab-edge-01', probe)).stdout).toBe(
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

describe('the bot’s diagnostics script, sent through Run Command', () => {
  const diagnose = async () => {
    const out = await runOn([diagnosticsScript({ nodeConfigPath: '/tmp/nodeConfig.yaml' })]);
    expect(out).toMatchObject({ Status: 'Success', ResponseCode: 0 });
    return parseDiagnostics(out.StandardOutputContent!);
  };

  it('reads every section of a healthy host: its versions, services active, nodeadm’s checks passed', async () => {
    const d = await diagnose();
    expect(d.missing).toEqual([]);
    expect(d.versions).toEqual({
      kernel: '5.15.0-126-generic',
      os: 'Ubuntu 22.04.5 LTS',
      nodeadm: 'v1.0.19',
      containerd: '1.7.24',
    });
    expect(d.services).toEqual({ kubelet: 'active', containerd: 'active', 'amazon-ssm-agent': 'active' });
    expect(d.nodeadm).toMatchObject({ exitStatus: 0, timedOut: false });
    expect(d.nodeadm.checks.length).toBeGreaterThan(10);
    expect(d.nodeadm.checks.filter((c) => !c.passed)).toEqual([]);
    expect(d.kubeletErrors).toEqual([]);
    expect(d.disks).toEqual([{ mount: '/', usedPercent: 31 }]);
    expect(d).toMatchObject({ diskPressure: false, memoryPressure: false });
    expect(d.memory!.totalKiB).toBeGreaterThan(d.memory!.availableKiB);
    expect(d.clock).toEqual({ offsetSeconds: expect.closeTo(0, 3), synchronized: true });
  });

  it('shows a crash-looping kubelet as activating, with its journal’s errors and the node check failed', async () => {
    await control('POST', `hosts/${HOST}/faults`, { faults: ['kubelet-crashloop'] });
    const d = await diagnose();
    expect(d.missing).toEqual([]);
    expect(d.services).toEqual({ kubelet: 'activating', containerd: 'active', 'amazon-ssm-agent': 'active' });
    expect(d.kubeletErrors.length).toBeGreaterThan(0);
    expect(d.kubeletErrors[0]).toMatch(/^E\d{4} [\d:.]+ +\d+ run\.go:72\] "command failed"/);
    expect(d.nodeadm.exitStatus).toBe(1);
    expect(d.nodeadm.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['active-node-validation']);
  });

  it('shows clock-skew in the clock section and disk-pressure in the pressure section', async () => {
    await control('POST', `hosts/${HOST}/faults`, { faults: ['clock-skew', 'disk-pressure'] });
    const d = await diagnose();
    expect(d.clock).toEqual({ offsetSeconds: expect.closeTo(42.3, 1), synchronized: false });
    expect(d.disks).toEqual([{ mount: '/', usedPercent: 93 }]);
    expect(d.diskPressure).toBe(true);
  });
});

describe('the host’s shell', () => {
  it('runs variables, $?, $(…), for loops, subshells, heredocs, sudo and set -e through Run Command', async () => {
    const out = await runOn([
      'name=$(hostname); kernel="$(uname -r)"',
      'false; echo "status=$?"',
      'for unit in kubelet containerd; do echo "$unit: $(systemctl is-active "$unit")"; done',
      "cat > notes.txt <<'EOF'",
      'host $name',
      'EOF',
      'cat >> notes.txt <<EOF',
      'kernel $kernel',
      'EOF',
      "sudo tee -a notes.txt >/dev/null <<'EOF'",
      'written by sudo tee',
      'EOF',
      '(cd /tmp && pwd)',
      'cat notes.txt; pwd',
      'set -e',
      'grep -q nothing notes.txt',
      'echo "not reached"',
    ]);
    const cwd = `/var/lib/amazon/ssm/${instanceId}/document/orchestration/${out.CommandId}/awsrunShellScript/0.awsrunShellScript`;
    expect(out).toMatchObject({ Status: 'Failed', ResponseCode: 1, StandardErrorContent: '' });
    expect(out.StandardOutputContent).toBe(
      [
        'status=1',
        'kubelet: active',
        'containerd: active',
        '/tmp',
        'host $name',
        'kernel 5.15.0-126-generic',
        'written by sudo tee',
        cwd,
      ].join('\n'),
    );
  });

  it('stops a command at `timeout` with 124, and names the script line of a command that is not there', async () => {
    const out = await runOn([
      'timeout 0.05 sleep 30; echo "timeout=$?"',
      'timeout 5 true; echo "done=$?"',
      'nodeadm-helper --check',
    ]);
    expect(out).toMatchObject({
      Status: 'Failed',
      ResponseCode: 127,
      StandardOutputContent: 'timeout=124\ndone=0',
    });
    expect(out.StandardErrorContent).toMatch(
      /^\/var\/lib\/amazon\/ssm\/mi-\w+\/document\/orchestration\/[\w-]+\/awsrunShellScript\/0\.awsrunShellScript\/_script\.sh: line 3: nodeadm-helper: command not found$/,
    );
  });
});
