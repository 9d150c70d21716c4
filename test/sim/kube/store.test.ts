import { KubeError } from '../../../sim/kube/errors';
import { KubeStore } from '../../../sim/kube/store';
import type { KubeObject, WatchEvent } from '../../../sim/kube/types';

function node(name: string, labels: Record<string, string> = {}, unschedulable?: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: unschedulable === undefined ? {} : { unschedulable },
  };
}

describe('KubeStore', () => {
  it('assigns uid, resourceVersion and creationTimestamp, and refuses a second object of the same name', () => {
    const store = new KubeStore();
    const created = store.create('nodes', node('mi-0a1b2c3d4e5f60718'));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.resourceVersion).toBe('1');
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(() => store.create('nodes', node('mi-0a1b2c3d4e5f60718'))).toThrow(
      expect.objectContaining({ code: 409, reason: 'AlreadyExists' }),
    );
  });

  it('returns copies, so changing a returned object does not change the store', () => {
    const store = new KubeStore();
    store.create('nodes', node('a', { role: 'x' }));
    const got = store.get('nodes', 'a')!;
    got.metadata.labels!.role = 'changed';
    expect(store.get('nodes', 'a')!.metadata.labels!.role).toBe('x');
  });

  it('lists by label selector and field selector, sorted by name, with the store resourceVersion', () => {
    const store = new KubeStore();
    store.create('nodes', node('c', { 'eks.amazonaws.com/compute-type': 'hybrid' }, true));
    store.create('nodes', node('a', { 'eks.amazonaws.com/compute-type': 'hybrid' }));
    store.create('nodes', node('b', { 'node.kubernetes.io/instance-type': 't3.xlarge' }));
    const hybrid = store.list('nodes', { labelSelector: 'eks.amazonaws.com/compute-type=hybrid' });
    expect(hybrid.items.map((n) => n.metadata.name)).toEqual(['a', 'c']);
    expect(hybrid.resourceVersion).toBe('3');
    const schedulable = store.list('nodes', { fieldSelector: 'spec.unschedulable=false' });
    expect(schedulable.items.map((n) => n.metadata.name)).toEqual(['a', 'b']);
    expect(() => store.list('nodes', { fieldSelector: 'status.phase=Running' })).toThrow(KubeError);
  });

  it('keeps namespaced objects apart by namespace', () => {
    const store = new KubeStore();
    const pod = (ns: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: ns },
    });
    store.create('pods', pod('kube-system'));
    store.create('pods', pod('default'));
    expect(store.list('pods').items).toHaveLength(2);
    expect(store.list('pods', { namespace: 'kube-system' }).items).toHaveLength(1);
    expect(store.get('pods', 'p', 'kube-system')?.metadata.namespace).toBe('kube-system');
  });

  it('bumps resourceVersion on change, generation only on spec change, and nothing on a no-op', () => {
    const store = new KubeStore();
    store.create('deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'agent', namespace: 'palette-system' },
      spec: { replicas: 1 },
    });
    const relabelled = store.update('deployments', 'agent', 'palette-system', (d) => {
      d.metadata.labels = { a: 'b' };
    });
    expect(relabelled.metadata).toMatchObject({ resourceVersion: '2', generation: 1 });
    const scaled = store.update('deployments', 'agent', 'palette-system', (d) => {
      d.spec.replicas = 2;
    });
    expect(scaled.metadata).toMatchObject({ resourceVersion: '3', generation: 2 });
    const same = store.update('deployments', 'agent', 'palette-system', () => {});
    expect(same.metadata.resourceVersion).toBe('3');
  });

  it('fills in the defaults kube-apiserver sets, such as the rolling update strategy', () => {
    const store = new KubeStore();
    const ds = store.create('daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'cilium', namespace: 'kube-system' },
      spec: { template: { spec: { containers: [] } } },
    });
    expect(ds.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    const pod = store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
    expect(pod.status).toEqual({ phase: 'Pending' });
    expect(pod.metadata.namespace).toBe('default');
  });

  it('leaves the object untouched when the mutation throws, and 404s on a missing object', () => {
    const store = new KubeStore();
    store.create('nodes', node('a'));
    expect(() =>
      store.update('nodes', 'a', undefined, (n) => {
        n.spec.unschedulable = true;
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(store.get('nodes', 'a')!.spec.unschedulable).toBeUndefined();
    expect(() => store.update('nodes', 'zz', undefined, () => {})).toThrow(
      expect.objectContaining({ code: 404, message: 'nodes "zz" not found' }),
    );
  });

  it('tells watchers about additions, changes and deletions, until they unsubscribe', () => {
    const store = new KubeStore();
    const seen: string[] = [];
    const stop = store.watch('nodes', (ev) =>
      seen.push(`${ev.type} ${ev.object.metadata.name} ${ev.object.metadata.resourceVersion}`),
    );
    store.create('nodes', node('a'));
    store.update('nodes', 'a', undefined, (n) => {
      n.spec.unschedulable = true;
    });
    expect(store.delete('nodes', 'a')?.metadata.name).toBe('a');
    stop();
    store.create('nodes', node('b'));
    expect(seen).toEqual(['ADDED a 1', 'MODIFIED a 2', 'DELETED a 3']);
    expect(store.delete('nodes', 'a')).toBeUndefined();
  });

  it('replays events after a resourceVersion, and says so when the history no longer reaches back', () => {
    const store = new KubeStore({ historySize: 3 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) store.create('nodes', node(name));
    const replay = store.eventsSince('nodes', 3) as WatchEvent[];
    expect(replay.map((e) => e.object.metadata.name)).toEqual(['d', 'e']);
    expect(store.eventsSince('nodes', 1)).toBeUndefined();
  });

  it('reads a list as it was at an earlier resourceVersion, until the history no longer reaches back', () => {
    const store = new KubeStore({ historySize: 4 });
    for (const name of ['a', 'b', 'c']) store.create('nodes', node(name, { site: 'one' }));
    const then = Number(store.resourceVersion);
    store.update('nodes', 'a', undefined, (n) => {
      n.metadata.labels = { site: 'two' };
    });
    store.delete('nodes', 'b');
    store.create('nodes', node('d', { site: 'one' }));

    const past = store.listAt('nodes', { labelSelector: 'site=one' }, then) as KubeObject[];
    expect(past.map((n) => n.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(store.list('nodes', { labelSelector: 'site=one' }).items.map((n) => n.metadata.name)).toEqual([
      'c',
      'd',
    ]);
    store.create('nodes', node('e'));
    store.create('nodes', node('f'));
    expect(store.listAt('nodes', {}, then)).toBeUndefined();
  });
});
