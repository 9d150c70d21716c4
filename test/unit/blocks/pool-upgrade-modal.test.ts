import {
  POOL_UPGRADE_ACTION,
  POOL_UPGRADE_VIEW,
  poolTargetValue,
  poolUpgradeButton,
  poolUpgradeModal,
  readPoolTarget,
} from '../../../src/blocks/pools/pool-upgrade-modal';

const text = (v: unknown) => JSON.stringify(v);
type Modal = {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  submit?: unknown;
  blocks: { block_id?: string; element?: Record<string, unknown> }[];
};

describe('the pool upgrade form', () => {
  const modal = poolUpgradeModal({
    cluster: 'demo',
    pool: 'tills',
    profile: { name: 'edge', version: '1.0.0' },
    kubernetesVersion: '1.30',
    targets: [
      { ref: 'edge@1.2.0', kubernetesVersion: '1.31' },
      { ref: 'edge@1.1.0', kubernetesVersion: '1.30' },
    ],
  }) as unknown as Modal;

  it('names the pool and what it runs, and remembers which pool it is for', () => {
    expect(modal.callback_id).toBe(POOL_UPGRADE_VIEW);
    expect(modal.title.text).toBe('tills · edge@1.0.0');
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(text(modal.blocks[0])).toContain('Pool *tills* on demo runs *edge@1.0.0* (Kubernetes 1.30)');
    expect(readPoolTarget(modal.private_metadata)).toEqual({ cluster: 'demo', pool: 'tills' });
  });

  it('offers the newer versions newest first, the strategy (in place first), max unavailable 1 and an optional window', () => {
    expect(modal.blocks.slice(1).map((b) => b.block_id)).toEqual([
      'target',
      'strategy',
      'max_unavailable',
      'window',
    ]);
    const [, target, strategy, max, window] = modal.blocks as {
      element: Record<string, unknown>;
      optional: boolean;
    }[];
    const strategies = strategy?.element.options as { value: string }[];
    expect(strategies.map((o) => o.value)).toEqual(['in-place', 'cutover']);
    expect(strategy?.element.initial_option).toEqual(strategies[0]);
    const options = target?.element.options as { value: string; text: { text: string } }[];
    expect(options.map((o) => o.value)).toEqual(['edge@1.2.0', 'edge@1.1.0']);
    expect(options[0]?.text.text).toBe('edge@1.2.0 · Kubernetes 1.31');
    expect(target?.element.initial_option).toEqual(options[0]);
    expect(max?.element).toMatchObject({ type: 'number_input', min_value: '1', initial_value: '1' });
    expect(window?.optional).toBe(true);
    expect(modal.submit).toBeDefined();
  });

  it('says so plainly, with no submit, when nothing is newer', () => {
    const none = poolUpgradeModal({
      cluster: 'demo',
      pool: 'a-rather-long-pool-name',
      profile: { name: 'edge', version: '2.0.0' },
      targets: [],
    }) as unknown as Modal;
    expect(none.submit).toBeUndefined();
    expect(none.blocks.some((b) => b.block_id === 'target')).toBe(false);
    expect(text(none.blocks)).toContain('No newer version of *edge* exists');
    expect(text(none.blocks)).toContain('runs *edge@2.0.0*');
    // Too long for Slack's 24-character title: the first line names the pool and version instead.
    expect(none.title.text.length).toBeLessThanOrEqual(24);
  });

  it('says under the version field why a newer version is not offered', () => {
    const form = poolUpgradeModal({
      cluster: 'demo',
      pool: 'tills',
      profile: { name: 'edge', version: '1.0.0' },
      targets: [{ ref: 'edge@1.1.0', kubernetesVersion: '1.31' }],
      notOffered: [{ version: '1.2.0', why: '1.2.0 needs Kubernetes 1.32; the control plane is 1.31' }],
      controlPlaneVersion: '1.31',
    }) as unknown as { blocks: { block_id?: string; hint?: { text: string } }[] };
    expect(form.blocks.find((b) => b.block_id === 'target')?.hint?.text).toBe(
      'Newer versions of the pool’s profile that the control plane (1.31) allows, newest first. Not offered: 1.2.0 needs Kubernetes 1.32; the control plane is 1.31.',
    );
  });

  it('offers nothing and says why, with no submit, when every newer version is too new for the control plane', () => {
    const none = poolUpgradeModal({
      cluster: 'demo',
      pool: 'tills',
      profile: { name: 'edge', version: '1.0.0' },
      targets: [],
      notOffered: [{ version: '1.2.0', why: '1.2.0 needs Kubernetes 1.32; the control plane is 1.31' }],
      controlPlaneVersion: '1.31',
    }) as unknown as Modal;
    expect(none.submit).toBeUndefined();
    expect(text(none.blocks)).toContain(
      'No newer version of *edge* can be rolled out to it: 1.2.0 needs Kubernetes 1.32; the control plane is 1.31. Upgrade the control plane of demo first',
    );
  });
});

describe('the Upgrade button', () => {
  it('carries the cluster and the pool, and nothing else', () => {
    const block = poolUpgradeButton({ cluster: 'demo', pool: 'tills' }) as unknown as {
      elements: { action_id: string; value: string }[];
    };
    const [button] = block.elements;
    expect(button?.action_id).toBe(POOL_UPGRADE_ACTION);
    expect(JSON.parse(button?.value ?? '')).toEqual({ cluster: 'demo', pool: 'tills' });
  });

  it('reads back only a value it made', () => {
    expect(readPoolTarget(poolTargetValue({ cluster: 'demo', pool: 'tills' }))).toEqual({
      cluster: 'demo',
      pool: 'tills',
    });
    for (const bad of [
      undefined,
      '',
      'tills',
      '{}',
      '{"cluster":"demo"}',
      '{"cluster":1,"pool":"x"}',
      'null',
    ]) {
      expect(readPoolTarget(bad)).toBeUndefined();
    }
  });
});
