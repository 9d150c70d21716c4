import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sectionMarker } from '../../../../src/domain/diagnostics/diagnostics-script';
import {
  HOST_FACTS_EXECUTION_TIMEOUT_SECONDS,
  hostFactsScript,
  parseHostFacts,
  SWAP_MARKER,
} from '../../../../src/domain/diagnostics/host-facts-script';

/** ListCommandInvocations (with details) returns this many characters of each host's output. */
const LISTED_OUTPUT_LIMIT = 2500;

const output = (o: { swap?: string[]; versions?: string[]; clock?: string[] }) =>
  [
    '',
    SWAP_MARKER,
    ...(o.swap ?? ['swapon-exit=0', '']),
    '',
    sectionMarker('versions'),
    ...(o.versions ?? [
      'kernel=5.15.0-126-generic',
      'os=Ubuntu 22.04.5 LTS',
      'nodeadm=v1.0.19',
      'containerd=containerd containerd.io 1.7.24 88bf19b2105c8b17560993bee28a01ddc2f97182',
    ]),
    '',
    sectionMarker('clock'),
    ...(o.clock ?? [
      'System time     : 0.000012043 seconds slow of NTP time',
      'Leap status     : Normal',
      'ntp-synchronized=yes',
    ]),
  ].join('\n');

describe('hostFactsScript', () => {
  const script = hostFactsScript().join('\n');

  it('is read-only, bounds every tool in time and every section in size, and ends with exit 0', () => {
    for (const tool of ['swapon', 'nodeadm --version', 'containerd --version', 'chronyc', 'timedatectl'])
      expect(script).toMatch(new RegExp(`timeout 5 ${tool}`));
    expect(script.match(/head -c \d+/g)).toHaveLength(3);
    const bytes = [...script.matchAll(/head -c (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    // With the markers and the status line, well under what one ListCommandInvocations page shows.
    expect(bytes + 200).toBeLessThan(LISTED_OUTPUT_LIMIT);
    expect(script).not.toMatch(/\b(rm|mv|tee|systemctl|reboot|swapoff)\b/);
    // Its only redirections throw stderr away or fold it into the output: it writes no file.
    expect(script.replace(/2>(\/dev\/null|&1)/g, '')).not.toContain('>');
    expect(script.trim().endsWith('exit 0')).toBe(true);
    expect(HOST_FACTS_EXECUTION_TIMEOUT_SECONDS).toBeGreaterThan(6 * 5);
  });

  it('carries nothing a host could not be told: no NodeConfig, no activation, no token', () => {
    expect(script).not.toMatch(/activation|token|secret|nodeConfig|file:\/\//i);
  });
});

describe('parseHostFacts', () => {
  it('reads versions, swap off and a clock in sync', () => {
    expect(parseHostFacts(output({}))).toEqual({
      kernel: '5.15.0-126-generic',
      os: 'Ubuntu 22.04.5 LTS',
      nodeadm: 'v1.0.19',
      containerd: '1.7.24',
      swapOn: false,
      clockOffsetSeconds: -0.000012043,
      clockSynchronized: true,
    });
  });

  it('reads swap as on when swapon lists a device or a file, with or without its header', () => {
    expect(parseHostFacts(output({ swap: ['swapon-exit=0', '/swap.img'] })).swapOn).toBe(true);
    expect(
      parseHostFacts(
        output({
          swap: ['swapon-exit=0', 'NAME      TYPE      SIZE USED PRIO', '/dev/sda3 partition   8G   0B   -2'],
        }),
      ).swapOn,
    ).toBe(true);
  });

  it('leaves out what the host could not tell: swapon missing, no chrony, no nodeadm, a cut output', () => {
    const f = parseHostFacts(
      output({
        swap: ['swapon-exit=127', ''],
        versions: ['kernel=5.4.0-200-generic', 'os=', 'nodeadm=sh: 1: nodeadm: not found', 'containerd='],
        clock: ['ntp-synchronized='],
      }),
    );
    expect(f).toEqual({ kernel: '5.4.0-200-generic' });
    expect(parseHostFacts('')).toEqual({});
    expect(parseHostFacts(output({}).slice(0, 60))).toEqual({ swapOn: false });
  });

  it('reads a clock far ahead of NTP time', () => {
    const f = parseHostFacts(
      output({ clock: ['System time     : 2.500000000 seconds fast of NTP time', 'ntp-synchronized=no'] }),
    );
    expect(f).toMatchObject({ clockOffsetSeconds: 2.5, clockSynchronized: false });
  });
});

describe('the fact script under sh', () => {
  let bin: string;
  const stub = (name: string, body: string) => {
    const path = join(bin, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
  };
  const run = () =>
    execFileSync('sh', ['-c', hostFactsScript().join('\n')], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      timeout: 30_000,
    }).toString();

  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'host-facts-bin-'));
    stub('nodeadm', '[ "$1" = "--version" ] && { echo "Version: v1.0.15"; exit 0; }\nexit 1');
    stub('containerd', 'echo "containerd github.com/containerd/containerd v1.7.24 88bf19b"');
    stub(
      'chronyc',
      "echo 'System time     : 1.750000000 seconds slow of NTP time'; echo 'Leap status     : Normal'",
    );
    stub('timedatectl', 'echo yes');
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('prints what parseHostFacts reads back', () => {
    stub('swapon', 'echo /swap.img');
    const f = parseHostFacts(run());
    expect(f).toMatchObject({
      nodeadm: 'v1.0.15',
      containerd: 'v1.7.24',
      swapOn: true,
      clockOffsetSeconds: -1.75,
      clockSynchronized: true,
    });
    expect(f.kernel).toMatch(/^\d+\.\d+/);
    expect(f.os).toBeTruthy();
  });

  it('says swap is off when swapon lists nothing, and unknown when swapon fails', () => {
    stub('swapon', 'exit 0');
    expect(parseHostFacts(run()).swapOn).toBe(false);
    stub('swapon', 'exit 1');
    expect(parseHostFacts(run()).swapOn).toBeUndefined();
  });
});
