import { applyPatch, jsonPatch, mergePatch, strategicMergePatch } from '../../../sim/kube/patch';

const node = {
  metadata: { name: 'mi-1', labels: { a: '1', b: '2' } },
  spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] },
};

describe('merge patch (RFC 7386)', () => {
  it('merges maps, deletes on null and replaces lists', () => {
    expect(
      mergePatch(node, {
        metadata: { labels: { a: null, c: '3' } },
        spec: { unschedulable: true, taints: [] },
      }),
    ).toEqual({
      metadata: { name: 'mi-1', labels: { b: '2', c: '3' } },
      spec: { unschedulable: true, taints: [] },
    });
    expect(node.metadata.labels).toEqual({ a: '1', b: '2' });
  });
});

describe('strategic merge patch', () => {
  const deployment = {
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'agent', image: 'agent:1', env: [{ name: 'A', value: '1' }] },
            { name: 'sidecar', image: 'sidecar:1' },
          ],
        },
      },
    },
  };

  it('merges containers by name, as `kubectl set image` relies on', () => {
    const patched = strategicMergePatch(deployment, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'agent' }, { name: 'sidecar' }],
            containers: [{ name: 'agent', image: 'agent:2' }],
          },
        },
      },
    }) as typeof deployment;
    expect(patched.spec.template.spec.containers).toEqual([
      { name: 'agent', image: 'agent:2', env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'sidecar:1' },
    ]);
  });

  it('deletes a list element with $patch: delete and behaves as a merge patch elsewhere', () => {
    const patched = strategicMergePatch(deployment, {
      spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } },
    }) as typeof deployment;
    expect(patched.spec.template.spec.containers.map((c) => c.name)).toEqual(['agent']);
    expect(strategicMergePatch(node, { spec: { unschedulable: true } })).toMatchObject({
      spec: { unschedulable: true, taints: [{ key: 'x' }] },
    });
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('adds, replaces, removes, moves, copies and tests, with ~1 escaping', () => {
    const patched = jsonPatch(node, [
      { op: 'test', path: '/metadata/labels/a', value: '1' },
      { op: 'add', path: '/metadata/labels/eks.amazonaws.com~1compute-type', value: 'hybrid' },
      { op: 'replace', path: '/metadata/labels/b', value: '20' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'add', path: '/spec/taints/-', value: { key: 'y', effect: 'NoExecute' } },
      { op: 'copy', from: '/metadata/labels/b', path: '/metadata/labels/c' },
      { op: 'move', from: '/spec/taints/0', path: '/spec/taints/1' },
    ]);
    expect(patched).toEqual({
      metadata: { name: 'mi-1', labels: { 'eks.amazonaws.com/compute-type': 'hybrid', b: '20', c: '20' } },
      spec: {
        taints: [
          { key: 'y', effect: 'NoExecute' },
          { key: 'x', effect: 'NoSchedule' },
        ],
      },
    });
    expect(node.metadata.labels).toEqual({ a: '1', b: '2' });
  });

  it('refuses with 422 when a test fails or a path does not exist, applying nothing', () => {
    expect(() => jsonPatch(node, [{ op: 'test', path: '/metadata/name', value: 'other' }])).toThrow(
      expect.objectContaining({
        code: 422,
        message: expect.stringContaining('testing value /metadata/name failed'),
      }),
    );
    expect(() => jsonPatch(node, [{ op: 'replace', path: '/spec/missing/x', value: 1 }])).toThrow(
      expect.objectContaining({ code: 422 }),
    );
    expect(() => jsonPatch(node, [{ op: 'remove', path: '/spec/taints/5' }])).toThrow(
      expect.objectContaining({ code: 422 }),
    );
  });

  it('is chosen by applyPatch for json, and merge patches must be objects', () => {
    expect(applyPatch({ a: 1 }, [{ op: 'replace', path: '/a', value: 2 }], 'json')).toEqual({ a: 2 });
    expect(() => applyPatch({ a: 1 }, [1], 'merge')).toThrow(expect.objectContaining({ code: 422 }));
  });
});
