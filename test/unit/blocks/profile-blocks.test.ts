import { LIMITS } from '../../../src/blocks/limits';
import {
  codeSections,
  problemLines,
  profilesListMessage,
} from '../../../src/blocks/profiles/profile-messages';
import { importModal, profileModal, TEXT_INPUT_MAX } from '../../../src/blocks/profiles/profile-modal';
import type { ClusterProfile } from '../../../src/domain/profiles';
import { edgeStandard } from '../domain/profiles/profile-fixtures';

const profile: ClusterProfile = {
  apiVersion: 'hybrid-bot.io/v1',
  kind: 'ClusterProfile',
  metadata: { name: 'edge-base', version: '1.2.0' },
  spec: {
    os: { mode: 'appliance', image: 'registry.example.com/edge:2026.11', supported: ['ubuntu-24.04'] },
    kubernetes: {
      version: '1.31',
      containerdSource: 'distro',
      kubelet: { config: { maxPods: 58 }, flags: ['--node-labels=tier=edge'] },
      containerd: { config: 'version = 2\n' },
    },
  },
};

type Block = { block_id?: string; element?: Record<string, unknown> };
const element = (view: Record<string, unknown>, id: string) =>
  ((view.blocks as Block[]).find((b) => b.block_id === id)?.element ?? {}) as Record<string, unknown>;

describe('profile forms', () => {
  it('prefills every field of the edit form from the profile, with the proposed version', () => {
    const view = profileModal({
      kubernetesVersions: ['1.30', '1.31'],
      metadata: { channel: 'C0OPS', mode: 'edit', from: '1.2.0', proposed: '1.2.1' },
      initial: profile,
      version: '1.2.1',
    });
    expect(element(view, 'name').initial_value).toBe('edge-base');
    expect(element(view, 'version').initial_value).toBe('1.2.1');
    expect(element(view, 'k8s').initial_option).toMatchObject({ value: '1.31' });
    expect(element(view, 'os_mode').initial_option).toMatchObject({ value: 'appliance' });
    expect(element(view, 'image').initial_value).toBe('registry.example.com/edge:2026.11');
    expect(element(view, 'supported').initial_options).toEqual([
      expect.objectContaining({ value: 'ubuntu-24.04' }),
    ]);
    expect(element(view, 'kubelet').initial_value).toBe(
      'config:\n  maxPods: 58\nflags:\n  - --node-labels=tier=edge\n',
    );
    expect(element(view, 'containerd').initial_value).toBe('version = 2\n');
    expect(JSON.parse(String(view.private_metadata))).toEqual({
      channel: 'C0OPS',
      mode: 'edit',
      from: '1.2.0',
      proposed: '1.2.1',
    });
  });

  it("keeps within Slack's limits: titles of 24 characters, boxes of 3,000", () => {
    for (const view of [
      profileModal({ kubernetesVersions: ['1.31'], metadata: { channel: 'C', mode: 'create' } }),
      profileModal({
        kubernetesVersions: ['1.31'],
        metadata: { channel: 'C', mode: 'edit' },
        initial: profile,
      }),
      importModal('C'),
    ]) {
      expect((view.title as { text: string }).text.length).toBeLessThanOrEqual(24);
      for (const b of view.blocks as Block[]) {
        if (b.element?.type === 'plain_text_input') expect(b.element.max_length).toBe(TEXT_INPUT_MAX);
      }
    }
  });
});

describe('profile messages', () => {
  it('names the line and column of each problem, and its path once', () => {
    expect(
      problemLines([
        {
          path: 'spec.kubernetes.version',
          line: 12,
          column: 7,
          message: 'spec.kubernetes.version "1.20" is not offered.',
        },
        { path: 'metadata.name', message: 'must be lowercase.' },
      ]),
    ).toEqual([
      'line 12, column 7: spec.kubernetes.version "1.20" is not offered.',
      'metadata.name: must be lowercase.',
    ]);
  });

  it('splits long YAML into code sections Slack accepts, losing no line', () => {
    const yaml = Array.from({ length: 400 }, (_, i) => `key${i}: ${'x'.repeat(20)}`).join('\n');
    const sections = codeSections(yaml) as unknown as { text: { text: string } }[];
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(s.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(sections.map((s) => s.text.text.slice(3, -3)).join('\n')).toBe(yaml);
  });
});

describe('the profiles list', () => {
  it('says which pools could move to a newer version, and why a newer one cannot be used on their control plane', () => {
    const message = profilesListMessage([
      {
        name: 'edge-standard',
        latest: edgeStandard(),
        versions: [
          { version: '1.2.0', pools: ['demo/kiosks'] },
          { version: '1.1.0', pools: ['demo/tills', 'legacy/pos'] },
          { version: '1.0.0', pools: ['old/vending'] },
        ],
        updates: [
          { pool: 'demo/tills', available: '1.2.0' },
          {
            pool: 'legacy/pos',
            blocked: { version: '1.2.0', why: '1.2.0 needs Kubernetes 1.32; the control plane is 1.31' },
          },
          {
            pool: 'old/vending',
            available: '1.1.0',
            blocked: { version: '1.2.0', why: '1.2.0 needs Kubernetes 1.32; the control plane is 1.31' },
          },
        ],
      },
    ]);
    const said = JSON.stringify(message.blocks);
    expect(said).toContain(
      'updates available for demo/tills (1.2.0), old/vending (1.1.0; 1.2.0 needs Kubernetes 1.32; the control plane is 1.31)',
    );
    expect(said).toContain(
      'no usable update for legacy/pos: 1.2.0 needs Kubernetes 1.32; the control plane is 1.31',
    );
    expect(said).not.toContain('kiosks (');
  });
});
