import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DIAGNOSTIC_SECTIONS,
  DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS,
  diagnosticsScript,
  SECTION_BYTES,
  sectionMarker,
} from '../../../../src/domain/diagnostics/diagnostics-script';
import { parseNodeadmDebug } from '../../../../src/domain/diagnostics/nodeadm-debug-output';
import { parseDiagnostics } from '../../../../src/domain/diagnostics/parse-diagnostics';
import { HOST_FILES } from '../../../../src/domain/hosts/host-files';
import { diagnosticsOutput, NODEADM_FAILING } from '../../../support/diagnostics-output';

/** SSM keeps this many characters of a Run Command's standard output in GetCommandInvocation. */
const SSM_STDOUT_LIMIT = 24_000;

describe('diagnosticsScript', () => {
  const script = diagnosticsScript();

  it("runs nodeadm debug on the NodeConfig the bot writes, bounded in time, with nodeadm's own exit status", () => {
    expect(script).toContain(
      `timeout 60 nodeadm debug -c file://${HOST_FILES.nodeConfig} --no-color 2>&1); status=$?`,
    );
    expect(script).toContain('echo "exit=$status"');
    expect(diagnosticsScript({ nodeConfigPath: '/etc/eks/nodeconfig.yaml' })).toContain(
      'file:///etc/eks/nodeconfig.yaml',
    );
  });

  it('prints every section under its marker, the summary-relevant ones first', () => {
    const at = DIAGNOSTIC_SECTIONS.map((s) => script.indexOf(sectionMarker(s)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(DIAGNOSTIC_SECTIONS.slice(0, 3)).toEqual(['nodeadm-debug', 'services', 'kubelet-journal']);
  });

  it("bounds each section's size so the whole stays well under what SSM keeps of the output", () => {
    for (const [section, bytes] of Object.entries(SECTION_BYTES)) {
      expect(`${section}: ${script.includes(`head -c ${bytes}`)}`).toBe(`${section}: true`);
    }
    const markers = DIAGNOSTIC_SECTIONS.map((s) => sectionMarker(s).length + 2).reduce((a, b) => a + b);
    const bound = Object.values(SECTION_BYTES).reduce((a, b) => a + b) + markers + 'exit=124\n'.length;
    expect(bound).toBeLessThan(SSM_STDOUT_LIMIT * 0.75);
  });

  it("lets every part finish within the Run Command's own execution timeout", () => {
    const perRun = [...script.matchAll(/timeout (\d+) /g)].map((m) => Number(m[1]));
    const services = 3; // the systemctl line runs once per service
    const total = perRun.reduce((a, b) => a + b) + (services - 1) * 5;
    expect(total).toBeLessThan(DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS);
  });

  it('reads the last 15 minutes of the kubelet journal and the three services', () => {
    expect(script).toContain("journalctl -u kubelet --since '15 minutes ago'");
    expect(script).toContain('for s in kubelet containerd amazon-ssm-agent; do');
  });
});

describe('parseNodeadmDebug', () => {
  it("reads each check's result, error and remediation from nodeadm's own printer format", () => {
    const checks = parseNodeadmDebug(NODEADM_FAILING);
    expect(checks).toHaveLength(13);
    expect(checks.filter((c) => !c.passed)).toEqual([
      {
        name: 'ntp-sync',
        title: 'Validating NTP synchronization status',
        passed: false,
        errors: ['validating NTP synchronization via chronyc: chronyd not synchronized'],
        remediations: [
          expect.stringMatching(/^Ensure the hybrid node is synchronized with NTP through chronyd/),
        ],
      },
      {
        name: 'network-interface',
        title: 'Validating hybrid node network interface',
        passed: false,
        errors: ['node IP 192.168.7.20 is not in any of the remote node networks [10.80.0.0/16]'],
        remediations: [
          expect.stringMatching(/^Ensure the node IP is within the configured remote network CIDR/),
        ],
      },
    ]);
  });

  it('keeps every error of a check that failed several ways, and colour codes do not get in the way', () => {
    const output = [
      '* Fourth validation [\u001b[31mFailed\u001b[0m]',
      '  ├─ \u001b[31mError\u001b[0m',
      '  │  └─ error message',
      '  ├─ Error',
      '  │  └─ another error message',
      '  │  └─ Remediation',
      '  │     └─ you can fix this',
      '  └─ Error',
      '     └─ last error',
      '        second line of the last error',
    ].join('\n');
    expect(parseNodeadmDebug(output)).toEqual([
      {
        name: 'Fourth validation',
        title: 'Fourth validation',
        passed: false,
        errors: ['error message', 'another error message', 'last error\nsecond line of the last error'],
        remediations: ['you can fix this'],
      },
    ]);
  });
});

describe('parseDiagnostics', () => {
  it('reads every section of the output into facts', () => {
    const d = parseDiagnostics(diagnosticsOutput());
    expect(d.nodeadm).toMatchObject({ exitStatus: 1, timedOut: false });
    expect(d.nodeadm.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([
      'ntp-sync',
      'network-interface',
    ]);
    expect(d.services).toEqual({ kubelet: 'activating', containerd: 'active', 'amazon-ssm-agent': 'active' });
    expect(d.kubeletErrors).toEqual([
      expect.stringMatching(/^E1207 14:02:11.512345 .*Unable to register node/),
      expect.stringMatching(/^W1207 .*failed to list/),
      expect.stringMatching(/^E1207 14:02:41.612345 .*cni plugin not initialized/),
    ]);
    expect(d.disks).toEqual([
      { mount: '/', usedPercent: 88 },
      { mount: '/var/lib/containerd', usedPercent: 20 },
    ]);
    expect(d.diskPressure).toBe(false);
    expect(d).toMatchObject({ memory: { totalKiB: 8039876, availableKiB: 81234 }, memoryPressure: true });
    expect(d.clock).toEqual({ offsetSeconds: -2.417, synchronized: false });
    expect(d.versions).toEqual({
      kernel: '5.15.0-126-generic',
      os: 'Ubuntu 22.04.5 LTS',
      nodeadm: 'v1.0.21',
      containerd: '1.7.24',
    });
    expect(d.missing).toEqual([]);
  });

  it('says when nodeadm was stopped by its time limit, and which sections a truncated output lacks', () => {
    const cut = diagnosticsOutput({
      'nodeadm-debug': '* Validating swap configuration [Success]\nexit=124',
    }).split(sectionMarker('pressure'))[0];
    const d = parseDiagnostics(cut ?? '');
    expect(d.nodeadm).toMatchObject({ exitStatus: 124, timedOut: true });
    expect(d.missing).toEqual(['pressure', 'clock', 'versions']);
  });

  it("keeps nodeadm's last words when it stopped before any check, and reads a disk past 90% as pressure", () => {
    const d = parseDiagnostics(
      diagnosticsOutput({
        'nodeadm-debug':
          '{"level":"fatal","msg":"Command failed","error":"open /etc/hybrid-bot/nodeconfig.yaml: no such file or directory"}\nexit=1',
        pressure: '/dev/sda1 100 95 5 95% /var/lib/kubelet',
        services: 'kubelet=failed\ncontainerd=',
      }),
    );
    expect(d.nodeadm.checks).toEqual([]);
    expect(d.nodeadm.tail.at(-1)).toContain('no such file or directory');
    expect(d.diskPressure).toBe(true);
    expect(d.memory).toBeUndefined();
    expect(d.services).toEqual({ kubelet: 'failed', containerd: 'unknown', 'amazon-ssm-agent': 'unknown' });
  });
});

describe('the diagnostics script under sh', () => {
  let bin: string;
  const stub = (name: string, body: string) => {
    const path = join(bin, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
  };

  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'diagnostics-bin-'));
    stub(
      'nodeadm',
      `[ "$1" = "--version" ] && { echo "Version: v1.0.21"; exit 0; }\ncat <<'OUT'\n${NODEADM_FAILING}\nOUT\nexit 1`,
    );
    stub('systemctl', '[ "$2" = "containerd" ] && { echo active; exit 0; }\necho failed; exit 3');
    stub(
      'journalctl',
      `echo 'E1207 14:02:11.512345    2211 kubelet.go:1] "Unable to register node" err="Unauthorized"'`,
    );
    stub(
      'chronyc',
      "echo 'System time     : 0.000120000 seconds fast of NTP time'; echo 'Leap status     : Normal'",
    );
    stub('timedatectl', 'echo yes');
    stub(
      'containerd',
      'echo "containerd github.com/containerd/containerd v1.7.24 88bf19b2105c8b17560993bee28a01ddc2f97182"',
    );
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('prints what parseDiagnostics reads back, section by section', () => {
    const stdout = execFileSync('sh', ['-c', diagnosticsScript()], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      timeout: 30_000,
    }).toString();
    const d = parseDiagnostics(stdout);
    expect(d.missing).toEqual([]);
    expect(d.nodeadm).toMatchObject({ exitStatus: 1, timedOut: false });
    expect(d.nodeadm.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([
      'ntp-sync',
      'network-interface',
    ]);
    expect(d.services).toEqual({ kubelet: 'failed', containerd: 'active', 'amazon-ssm-agent': 'failed' });
    expect(d.kubeletErrors).toEqual([expect.stringContaining('Unable to register node')]);
    expect(d.disks.map((disk) => disk.mount)).toContain('/');
    expect(d.memory?.totalKiB).toBeGreaterThan(0);
    expect(d.clock).toEqual({ offsetSeconds: 0.00012, synchronized: true });
    expect(d.versions).toMatchObject({ nodeadm: 'v1.0.21', containerd: 'v1.7.24' });
    expect(d.versions.kernel).toMatch(/^\d+\.\d+/);
  });
});
