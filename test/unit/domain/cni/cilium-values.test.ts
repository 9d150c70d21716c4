import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  recommendedHybridValues,
  renderCiliumValues,
  validateCiliumValues,
} from '../../../../src/domain/cni/cilium-values';
import { mergeValues, type Values, valueAt } from '../../../../src/domain/cni/helm-values';
import { parseSetValues } from '../../../../src/domain/cni/set-values';

const reference = join(__dirname, '../../../../../shared/reference/cilium/hybrid-values.recommended.yaml');

describe('Cilium values for hybrid nodes', () => {
  it('carry AWS recommended values: hybrid-only agent and operator, cluster-pool IPAM over the remote pod networks', () => {
    const rendered = renderCiliumValues(['10.85.0.0/16'], {});
    if (!rendered.ok) throw new Error(JSON.stringify(rendered.problems));
    const v = (path: string) => valueAt(rendered.values, path);
    expect(v('ipam')).toEqual({
      mode: 'cluster-pool',
      operator: { clusterPoolIPv4PodCIDRList: ['10.85.0.0/16'], clusterPoolIPv4MaskSize: 25 },
    });
    expect(v('loadBalancer.serviceTopology')).toBe(true);
    expect(v('operator.unmanagedPodWatcher.restart')).toBe(false);
    expect(v('envoy.enabled')).toBe(false);
    expect(v('operator.replicas')).toBe(1);
    expect(v('operator.tolerations')).not.toContainEqual({ operator: 'Exists' });
    expect((v('operator.tolerations') as { key: string }[]).map((t) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.cilium.io/agent-not-ready',
    ]);
  });

  it("match AWS's published values file where it speaks (affinities, IPAM, envoy)", () => {
    if (!existsSync(reference)) {
      console.log(`skipped: ${reference} is absent (the shared reference folder is not here)`);
      return;
    }
    const theirs = parse(readFileSync(reference, 'utf8')) as Values;
    const ours = recommendedHybridValues(['10.85.0.0/16']);
    expect(valueAt(ours, 'affinity')).toEqual(valueAt(theirs, 'affinity'));
    expect(valueAt(ours, 'operator.affinity')).toEqual(valueAt(theirs, 'operator.affinity'));
    expect(valueAt(ours, 'ipam.mode')).toBe(valueAt(theirs, 'ipam.mode'));
    expect(valueAt(ours, 'ipam.operator.clusterPoolIPv4MaskSize')).toBe(
      valueAt(theirs, 'ipam.operator.clusterPoolIPv4MaskSize'),
    );
    expect(valueAt(ours, 'loadBalancer')).toEqual(valueAt(theirs, 'loadBalancer'));
    expect(valueAt(ours, 'envoy')).toEqual(valueAt(theirs, 'envoy'));
    expect(valueAt(ours, 'kubeProxyReplacement')).toBe(valueAt(theirs, 'kubeProxyReplacement'));
    expect(valueAt(ours, 'operator.unmanagedPodWatcher')).toEqual(
      valueAt(theirs, 'operator.unmanagedPodWatcher'),
    );
  });

  it("are valid against the chart's values schema, and a wrong type is named by its path", () => {
    expect(validateCiliumValues(recommendedHybridValues(['10.85.0.0/16', '10.86.0.0/16']))).toEqual([]);
    const rendered = renderCiliumValues(['10.85.0.0/16'], {
      operator: { replicas: 'two' },
      envoy: { enabled: 'no' },
    });
    expect(rendered.ok).toBe(false);
    if (rendered.ok) return;
    expect(rendered.problems.map((p) => p.path).sort()).toEqual(['envoy.enabled', 'operator.replicas']);
    expect(rendered.problems.find((p) => p.path === 'operator.replicas')?.message).toMatch(/integer/);
  });

  it('merge overrides as Helm does: maps key by key, lists replaced, null removes', () => {
    const merged = mergeValues({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { c: [3], e: true }, d: null });
    expect(merged).toEqual({ a: { b: 1, c: [3], e: true } });
  });
});

describe('--set values', () => {
  it("read Helm's --set syntax: paths, integers, booleans, lists, escaped commas", () => {
    expect(
      parseSetValues('operator.replicas=2,bgpControlPlane.enabled=true,a.list={x,y},note=a\\,b'),
    ).toEqual({
      ok: true,
      values: {
        operator: { replicas: 2 },
        bgpControlPlane: { enabled: true },
        a: { list: ['x', 'y'] },
        note: 'a,b',
      },
    });
  });

  it('refuse a pair without a value or a path that is not one', () => {
    expect(parseSetValues('operator.replicas')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('key=value'),
    });
    expect(parseSetValues('a..b=1')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not a values path'),
    });
  });
});
