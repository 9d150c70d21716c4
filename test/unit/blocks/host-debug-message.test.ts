import { hostDebugMessage, hostUnreachableMessage } from '../../../src/blocks/diagnostics/host-debug-message';
import { LIMITS } from '../../../src/blocks/limits';
import { isReachable } from '../../../src/domain/diagnostics/host-reachability';
import { parseDiagnostics } from '../../../src/domain/diagnostics/parse-diagnostics';
import { diagnosticsOutput, NODEADM_FAILING } from '../../support/diagnostics-output';

const host = { name: 'line-4', managedInstanceId: 'mi-0abc1234def567890', cluster: 'plant', site: 'plant-3' };
const CHECKED = Date.UTC(2026, 11, 7, 14, 5);

function texts(value: unknown): string {
  return JSON.stringify(value);
}

describe('hostDebugMessage', () => {
  it('leads with the host and each failing check with nodeadm’s own remediation, then what else is wrong', () => {
    const m = hostDebugMessage(host, parseDiagnostics(diagnosticsOutput()), CHECKED);
    const all = texts(m.blocks);
    expect(m.text).toContain(
      'Host debug for line-4 (mi-0abc1234def567890): `nodeadm debug`: 2 of 13 checks failed.',
    );
    expect(all).toContain('*line-4* (`mi-0abc1234def567890`) in plant at site plant-3');
    expect(all).toContain(':x: *Validating NTP synchronization status*');
    expect(all).toContain('_Fix:_ Ensure the hybrid node is synchronized with NTP through chronyd services.');
    expect(all).toContain('_Fix:_ Ensure the node IP is within the configured remote network CIDR blocks.');
    expect(all).toContain('Not active: kubelet (activating).');
    expect(all).toContain(':warning: Memory pressure: 79 MiB available of 7851 MiB.');
    expect(all).toContain('Clock: 2.4 s slow of NTP time.');
    expect(all).toContain(':warning: Clock: not synchronized with NTP.');
    expect(all).toContain("*The kubelet's last 3 error lines:*");
    expect(all).toContain('Unable to register node with API server');
    expect(all).toContain(
      'OS Ubuntu 22.04.5 LTS · kernel 5.15.0-126-generic · nodeadm v1.0.21 · containerd 1.7.24',
    );
  });

  it('says all checks passed, and that nodeadm ran out of time when it did', () => {
    const passing = NODEADM_FAILING.split('\n')
      .filter((l) => l.startsWith('* '))
      .map((l) => l.replace('[Failed]', '[Success]'))
      .join('\n');
    expect(
      hostDebugMessage(
        host,
        parseDiagnostics(diagnosticsOutput({ 'nodeadm-debug': `${passing}\nexit=0` })),
        0,
      ).text,
    ).toContain('`nodeadm debug`: all 13 checks passed.');
    const slow = parseDiagnostics(
      diagnosticsOutput({ 'nodeadm-debug': '* Validating swap configuration [Success]\nexit=124' }),
    );
    expect(hostDebugMessage(host, slow, 0).text).toContain(
      'did not finish within its time limit (0 checks failed before that)',
    );
  });

  it('shows no secret and escapes what the host printed', () => {
    const d = parseDiagnostics(
      diagnosticsOutput({
        'nodeadm-debug': [
          '* Validating access to AWS SSM API endpoint [Failed]',
          '  └─ Error',
          '     └─ register: amazon-ssm-agent -register -code "Fjz3/sZfSvv78EXAMPL1" -id "x" <!channel> & more',
          '     └─ Remediation',
          '        └─ Retry with token=abc123secret',
          'exit=1',
        ].join('\n'),
        'kubelet-journal':
          'E1207 14:02:11.512345 1 x.go:1] "request failed" header="Authorization: Bearer k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9u" ```',
      }),
    );
    const all = texts(hostDebugMessage(host, d, 0));
    for (const secret of ['Fjz3/sZfSvv78EXAMPL1', 'abc123secret', 'aHR0cHM6Ly9zdHMuYW1hem9u'])
      expect(all).not.toContain(secret);
    expect(all).toContain('&lt;!channel&gt; &amp; more');
    expect(all).not.toContain('<!channel>');
  });

  it('stays within Slack limits when nodeadm fails every check at length', () => {
    const failing = Array.from({ length: 30 }, (_, i) =>
      [
        `* Check ${i} [Failed]`,
        '  └─ Error',
        `     └─ ${'e'.repeat(4000)}`,
        '     └─ Remediation',
        `        └─ ${'r'.repeat(4000)}`,
      ].join('\n'),
    ).join('\n');
    const d = parseDiagnostics(
      diagnosticsOutput({
        'nodeadm-debug': `${failing}\nexit=1`,
        'kubelet-journal': `E1207 ${'x'.repeat(5000)}\n`.repeat(20),
      }),
    );
    const m = hostDebugMessage(host, d, 0);
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    for (const b of m.blocks) {
      const t = (b as { text?: { text: string } }).text?.text ?? '';
      expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    expect(texts(m.blocks)).toContain('20 more failed checks in the full output.');
  });
});

describe('hostUnreachableMessage', () => {
  it('is for a host SSM does not report Online: only an Online agent receives a Run Command', () => {
    expect((['Online', 'ConnectionLost', 'Inactive'] as const).map(isReachable)).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('says the host itself is unreachable since its last ping, and where to look', () => {
    const m = hostUnreachableMessage({
      ...host,
      pingStatus: 'ConnectionLost',
      lastPingAt: Date.UTC(2026, 11, 7, 14, 2),
    });
    expect(m.text).toBe(
      'line-4 (mi-0abc1234def567890): The host itself is unreachable since <!date^1796652120^{date_short_pretty} {time}|2026-12-07T14:02:00Z>: power or network at site plant-3.',
    );
    expect(texts(m.blocks)).toContain('PingStatus ConnectionLost');
  });
});
