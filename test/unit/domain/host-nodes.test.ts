import { hostNodeLabels, SITE_LABEL } from '../../../src/domain/bot-labels';
import { hostNotices, missingSiteLabel, nodeOfHost, withNode } from '../../../src/domain/host-nodes';
import type { HostRecord } from '../../../src/domain/host-status';

const hybrid = { 'eks.amazonaws.com/compute-type': 'hybrid' };
const pending: HostRecord = {
  name: 'store12-edge-01',
  cluster: 'demo',
  site: 'store-12',
  auth: 'ssm',
  activationId: '0f6a4c1e-1111-2222-3333-444455556666',
  deregistered: false,
  status: 'activation-pending',
};
const registered: HostRecord = {
  ...pending,
  managedInstanceId: 'mi-0123456789abcdef0',
  status: 'registered',
};
const joined: HostRecord = {
  ...registered,
  node: { name: 'mi-0123456789abcdef0', ready: true },
  status: 'joined',
};

describe('the node of a host', () => {
  const nodes = new Map([
    ['mi-0123456789abcdef0', { name: 'mi-0123456789abcdef0', ready: true, labels: hybrid }],
    ['plant3-edge-03', { name: 'plant3-edge-03', ready: false, labels: hybrid, createdAt: 5 }],
    ['store12-edge-01', { name: 'store12-edge-01', ready: true, labels: {} }],
  ]);

  it('is named after the managed instance (SSM) or the host (IAM Roles Anywhere), and hybrid', () => {
    expect(nodeOfHost(registered, nodes)?.name).toBe('mi-0123456789abcdef0');
    expect(nodeOfHost({ ...pending, name: 'plant3-edge-03', auth: 'iam-ra' }, nodes)?.name).toBe(
      'plant3-edge-03',
    );
    // An SSM host not yet registered has no node, even if a cloud node shares its name.
    expect(nodeOfHost(pending, nodes)).toBeUndefined();
    expect(nodeOfHost({ ...pending, auth: 'iam-ra' }, nodes)).toBeUndefined();
  });

  it('updates the record when the node joins, turns NotReady or goes away; undefined when nothing changed', () => {
    expect(withNode(registered, { name: 'mi-0123456789abcdef0', ready: true, labels: {} }, 0)).toMatchObject({
      node: { name: 'mi-0123456789abcdef0', ready: true },
      status: 'joined',
    });
    expect(withNode(joined, { name: 'mi-0123456789abcdef0', ready: false, labels: {} }, 0)?.status).toBe(
      'not-ready',
    );
    const gone = withNode(joined, undefined, 0);
    expect(gone?.status).toBe('registered');
    expect(gone).not.toHaveProperty('node');
    expect(withNode(joined, { name: 'mi-0123456789abcdef0', ready: true, labels: {} }, 0)).toBeUndefined();
    expect(withNode({ ...joined, deregistered: true }, undefined, 0)).toBeUndefined();
  });
});

describe('hostNotices', () => {
  it('announces the registration and the join that happened between two records, once each', () => {
    expect(hostNotices(pending, joined, { name: 'mi-0123456789abcdef0', createdAt: 7 })).toEqual([
      { kind: 'registered', instanceId: 'mi-0123456789abcdef0' },
      { kind: 'joined', nodeName: 'mi-0123456789abcdef0', nodeCreatedAt: 7 },
    ]);
    expect(hostNotices(registered, joined)).toEqual([{ kind: 'joined', nodeName: 'mi-0123456789abcdef0' }]);
    expect(hostNotices(joined, { ...joined, node: { name: 'mi-0123456789abcdef0', ready: false } })).toEqual(
      [],
    );
    expect(hostNotices(pending, { ...joined, deregistered: true })).toEqual([]);
  });
});

describe('site labels', () => {
  it('puts the site on the node through kubelet flags, and repairs a node that lacks it', () => {
    expect(hostNodeLabels({ site: 'store-12' })).toEqual({ [SITE_LABEL]: 'store-12' });
    expect(missingSiteLabel(joined, { labels: hybrid })).toEqual({ [SITE_LABEL]: 'store-12' });
    expect(missingSiteLabel(joined, { labels: { [SITE_LABEL]: 'store-12' } })).toBeUndefined();
    // An operator's own value stays: the bot adds a missing label, it does not fight over one.
    expect(missingSiteLabel(joined, { labels: { [SITE_LABEL]: 'store-12b' } })).toBeUndefined();
    expect(missingSiteLabel({ ...joined, site: '' }, { labels: {} })).toBeUndefined();
  });
});
