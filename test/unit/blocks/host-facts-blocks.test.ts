import { hostFactsSection } from '../../../src/blocks/hosts/host-facts-section';
import { doctorHostsMessage } from '../../../src/blocks/monitoring/doctor-hosts-message';
import type { HostFacts } from '../../../src/domain/host-facts/host-facts';

const NOW = Date.UTC(2026, 11, 7, 12);
const text = (b: unknown) => JSON.stringify(b);

describe('host show: host facts', () => {
  const facts: HostFacts = {
    instanceId: 'mi-0123456789abcdef0',
    cluster: 'demo',
    host: 'plant3-edge-02',
    site: 'plant-3',
    platform: { value: { name: 'Ubuntu', version: '20.04' }, at: NOW - 5 * 60_000 },
    agentVersion: { value: '3.3.1802.0', at: NOW - 5 * 60_000 },
    kernel: { value: '5.4.0-200-generic', at: NOW - 3 * 3_600_000 },
    nodeadm: { value: 'v1.0.15', at: NOW - 3 * 3_600_000 },
    swapOn: { value: false, at: NOW - 3 * 3_600_000 },
  };

  it('shows each fact with how old it is, and what is wrong with them', () => {
    const shown = text(hostFactsSection('demo', facts, NOW));
    expect(shown).toContain('*OS:* Ubuntu 20.04 _(5 min ago)_');
    expect(shown).toContain('*Kernel:* 5.4.0-200-generic _(3 h ago)_');
    expect(shown).toContain('*nodeadm:* v1.0.15 _(3 h ago)_');
    expect(shown).toContain('*Swap:* off');
    expect(shown).toContain('nodeadm v1.0.15 is older than 1.0.19');
    expect(shown).toContain('so this host cannot run Cilium 1.18');
  });

  it('says how to read them when none are known, and escapes what the host reported', () => {
    expect(text(hostFactsSection('demo', undefined, NOW))).toContain(
      'none read yet: `/hybrid doctor demo --hosts` reads them',
    );
    const hostile = { ...facts, kernel: { value: '<!channel>', at: NOW } };
    expect(text(hostFactsSection('demo', hostile, NOW))).not.toContain('<!channel>');
  });
});

describe('doctor --hosts report', () => {
  it('one line per problem naming host and site; unreachable hosts counted and named; plurals right', () => {
    const m = doctorHostsMessage({
      cluster: 'demo',
      read: 2,
      sent: 2,
      commands: 1,
      problems: [
        {
          host: 'plant3-edge-01 (mi-0aaaaaaaaaaaaaaaa)',
          site: 'plant-3',
          problem: 'nodeadm v1.0.15 is older than 1.0.19: its SSM package-signing key has expired.',
          fix: 'Install nodeadm 1.0.19 or later on the host.',
        },
      ],
      unreachable: ['store12-edge-04 (mi-0bbbbbbbbbbbbbbbb)'],
      unanswered: [],
      checkedAt: NOW,
    });
    expect(m.text).toContain(
      'Host facts for demo: 1 problem on 3 SSM hosts (2 read through 1 Run Command, 1 unreachable).',
    );
    const shown = text(m.blocks);
    expect(shown).toContain(
      ':x: *plant3-edge-01 (mi-0aaaaaaaaaaaaaaaa)* at plant-3: nodeadm v1.0.15 is older than 1.0.19',
    );
    expect(shown).toContain(
      'Unreachable (SSM agent not Online; nothing sent): store12-edge-04 (mi-0bbbbbbbbbbbbbbbb)',
    );
  });

  it('stays within Slack limits for a fleet full of problems', () => {
    const problems = Array.from({ length: 2000 }, (_, i) => ({
      host: `edge-${i} (mi-0${String(i).padStart(16, '0')})`,
      site: 'store-1',
      problem: 'swap is on; the kubelet needs it off.',
      fix: 'Run `swapoff -a` and remove swap from /etc/fstab.',
    }));
    const m = doctorHostsMessage({
      cluster: 'demo',
      read: 2000,
      sent: 2000,
      commands: 40,
      problems,
      unreachable: Array.from({ length: 30 }, (_, i) => `lost-${i}`),
      unanswered: [],
      checkedAt: NOW,
    });
    expect(m.blocks?.length).toBeLessThanOrEqual(50);
    for (const b of m.blocks ?? []) expect(text(b).length).toBeLessThan(3200);
    expect(m.text.length).toBeLessThanOrEqual(4000);
    // The unreachable hosts' note stays; every problem is either shown or counted.
    expect(text(m.blocks)).toContain('Unreachable');
    const shownProblems = (text(m.blocks).match(/:x: \*edge-/g) ?? []).length;
    const more = /(\d+) more lines not shown/.exec(text(m.blocks));
    expect(shownProblems + Number(more?.[1])).toBe(2000);
  });
});
