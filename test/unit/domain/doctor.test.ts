import { doctorSummary, runDoctor } from '../../../src/domain/doctor';
import type { ClusterFacts } from '../../../src/domain/facts';
import { cloudWorker, healthyFacts, hybridNode, hybridOnly } from './cluster-facts.fixture';

function check(facts: ClusterFacts, id: string) {
  const item = runDoctor(facts).find((i) => i.id === id);
  if (!item) throw new Error(`no check ${id}`);
  return item;
}

function withFacts(change: (facts: ClusterFacts) => void): ClusterFacts {
  const facts = healthyFacts();
  change(facts);
  return facts;
}

describe('runDoctor on a healthy cluster', () => {
  it('passes every check, and says what it found', () => {
    const items = runDoctor(healthyFacts());
    expect(items.map((i) => [i.id, i.result])).toEqual([
      ['hybrid-enabled', 'pass'],
      ['remote-networks', 'pass'],
      ['authentication-mode', 'pass'],
      ['hybrid-access-entry', 'pass'],
      ['vpc-cni-addon', 'pass'],
      ['aws-node-affinity', 'pass'],
      ['cilium-agent-affinity', 'pass'],
      ['cilium-operator-affinity', 'pass'],
      ['cilium-pod-cidrs', 'pass'],
      ['agent-node', 'pass'],
      ['agent-nodegroup-min-size', 'pass'],
      ['host-ips', 'pass'],
      ['kubelet-skew', 'pass'],
    ]);
    expect(items.every((i) => i.found.length > 0 && i.fix === undefined)).toBe(true);
    expect(doctorSummary(items)).toEqual({ pass: 13, warn: 0, fail: 0 });
  });
});

describe('hybrid nodes enabled and remote networks', () => {
  it('fails both when the cluster has no remote network config, with the command to fix it', () => {
    const facts = withFacts((f) => {
      delete f.cluster.remoteNodeNetworks;
      f.cluster.remotePodNetworks = [];
    });
    expect(check(facts, 'hybrid-enabled')).toMatchObject({
      result: 'fail',
      fix: expect.stringContaining('--remote-network-config'),
    });
    expect(check(facts, 'remote-networks').result).toBe('fail');
  });

  it.each([
    [
      'a public node network',
      (f: ClusterFacts) => {
        f.cluster.remoteNodeNetworks = ['100.64.0.0/16'];
      },
      /not private/,
    ],
    [
      'pod network overlapping the node network',
      (f: ClusterFacts) => {
        f.cluster.remotePodNetworks = ['10.80.0.0/17'];
      },
      /overlaps the remote pod network/,
    ],
    [
      'node network overlapping the VPC',
      (f: ClusterFacts) => {
        f.cluster.vpcCidrs = ['10.80.0.0/20'];
      },
      /overlaps the VPC CIDR/,
    ],
    [
      'pod network overlapping the service CIDR',
      (f: ClusterFacts) => {
        f.cluster.serviceCidr = '10.85.0.0/24';
      },
      /overlaps the service CIDR/,
    ],
  ])('fails on %s', (_what, change, message) => {
    const item = check(withFacts(change), 'remote-networks');
    expect(item.result).toBe('fail');
    expect(item.found).toMatch(message);
    expect(item.fix).toContain('aws eks update-cluster-config --name demo --remote-network-config');
    expect(check(withFacts(change), 'hybrid-enabled').result).toBe('pass');
  });
});

describe('authentication mode', () => {
  it.each(['API', 'API_AND_CONFIG_MAP'])('passes %s', (mode) => {
    expect(
      check(
        withFacts((f) => {
          f.cluster.authenticationMode = mode;
        }),
        'authentication-mode',
      ).result,
    ).toBe('pass');
  });
  it('fails CONFIG_MAP and gives the command', () => {
    const item = check(
      withFacts((f) => {
        f.cluster.authenticationMode = 'CONFIG_MAP';
      }),
      'authentication-mode',
    );
    expect(item).toMatchObject({
      result: 'fail',
      fix: 'aws eks update-cluster-config --name demo --access-config authenticationMode=API_AND_CONFIG_MAP',
    });
  });
});

describe('HYBRID_LINUX access entry', () => {
  it('fails when the role has no entry', () => {
    const item = check(
      withFacts((f) => {
        f.accessEntries = f.accessEntries.filter((e) => e.type !== 'HYBRID_LINUX');
      }),
      'hybrid-access-entry',
    );
    expect(item.result).toBe('fail');
    expect(item.fix).toBe(
      'aws eks create-access-entry --cluster-name demo --principal-arn arn:aws:iam::123456789012:role/demo-hybrid-nodes --type HYBRID_LINUX',
    );
  });
  it('fails when the entry is of another type', () => {
    const facts = withFacts((f) => {
      f.accessEntries = [
        { principalArn: 'arn:aws:iam::123456789012:role/demo-hybrid-nodes', type: 'STANDARD' },
      ];
    });
    const item = check(facts, 'hybrid-access-entry');
    expect(item.found).toMatch(/type STANDARD, not HYBRID_LINUX/);
    expect(item.fix).toMatch(
      /^An entry's type cannot change: aws eks delete-access-entry .* then aws eks create-access-entry/,
    );
  });
  it('fails when only another role has a HYBRID_LINUX entry', () => {
    const facts = withFacts((f) => {
      f.accessEntries = [{ principalArn: 'arn:aws:iam::123456789012:role/other', type: 'HYBRID_LINUX' }];
    });
    expect(check(facts, 'hybrid-access-entry').result).toBe('fail');
  });
  it('matches a role ARN with an IAM path', () => {
    const facts = withFacts((f) => {
      f.hybridNodesRoleArn = 'arn:aws:iam::123456789012:role/eks/demo-hybrid-nodes';
    });
    expect(check(facts, 'hybrid-access-entry').result).toBe('pass');
  });
  it('warns when the role ARN is not configured but some entry exists', () => {
    expect(
      check(
        withFacts((f) => {
          delete f.hybridNodesRoleArn;
        }),
        'hybrid-access-entry',
      ).result,
    ).toBe('warn');
  });
});

describe('VPC CNI', () => {
  it('fails when the add-on is degraded', () => {
    const item = check(
      withFacts((f) => {
        f.addons[0] = { name: 'vpc-cni', status: 'DEGRADED' };
      }),
      'vpc-cni-addon',
    );
    expect(item).toMatchObject({ result: 'fail', found: 'vpc-cni is DEGRADED.' });
  });
  it('warns while the add-on is updating', () => {
    expect(
      check(
        withFacts((f) => {
          f.addons[0] = { name: 'vpc-cni', status: 'UPDATING' };
        }),
        'vpc-cni-addon',
      ).result,
    ).toBe('warn');
  });
  it('warns when the VPC CNI is self-managed, fails when there is none', () => {
    const selfManaged = withFacts((f) => {
      f.addons = [];
    });
    expect(check(selfManaged, 'vpc-cni-addon').result).toBe('warn');
    const none = withFacts((f) => {
      f.addons = [];
      delete f.workloads.awsNode;
    });
    expect(check(none, 'vpc-cni-addon')).toMatchObject({
      result: 'fail',
      fix: 'aws eks create-addon --cluster-name demo --addon-name vpc-cni',
    });
    expect(check(none, 'aws-node-affinity').result).toBe('fail');
  });
  it('fails when aws-node may land on hybrid nodes', () => {
    const noAffinity = withFacts((f) => {
      if (f.workloads.awsNode) delete f.workloads.awsNode.requiredNodeSelectorTerms;
    });
    expect(check(noAffinity, 'aws-node-affinity').result).toBe('fail');
    const withoutHybrid = withFacts((f) => {
      if (f.workloads.awsNode) {
        f.workloads.awsNode.requiredNodeSelectorTerms = [
          {
            matchExpressions: [
              { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
            ],
          },
        ];
      }
    });
    expect(check(withoutHybrid, 'aws-node-affinity').result).toBe('fail');
    // A second, ORed term without the exclusion lets it through again.
    const secondTerm = withFacts((f) => {
      f.workloads.awsNode?.requiredNodeSelectorTerms?.push({
        matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }],
      });
    });
    expect(check(secondTerm, 'aws-node-affinity').result).toBe('fail');
  });
});

describe('Cilium', () => {
  it("fails when Cilium's pod CIDRs are not the remote pod networks, and says the pool cannot change", () => {
    const facts = withFacts((f) => {
      f.ciliumIpam = { mode: 'cluster-pool', podCidrs: ['10.99.0.0/16'], maskSize: 25 };
    });
    expect(check(facts, 'cilium-pod-cidrs')).toMatchObject({
      result: 'fail',
      found: expect.stringMatching(/hands out 10.99.0.0\/16; the remote pod networks are 10.85.0.0\/16/),
      fix: expect.stringMatching(/cannot change after install/),
    });
    const other = withFacts((f) => {
      f.ciliumIpam = { mode: 'kubernetes', podCidrs: [] };
    });
    expect(check(other, 'cilium-pod-cidrs')).toMatchObject({
      result: 'warn',
      found: expect.stringMatching(/IPAM mode is kubernetes/),
    });
  });
  it('warns when Cilium is absent: hybrid nodes cannot become Ready', () => {
    const facts = withFacts((f) => {
      delete f.workloads.ciliumAgent;
      delete f.workloads.ciliumOperator;
    });
    expect(check(facts, 'cilium-agent-affinity')).toMatchObject({
      result: 'warn',
      found: expect.stringMatching(/without a CNI/),
    });
    expect(check(facts, 'cilium-operator-affinity').result).toBe('warn');
  });
  it('fails when the agent may run on cloud workers', () => {
    const facts = withFacts((f) => {
      if (f.workloads.ciliumAgent) delete f.workloads.ciliumAgent.requiredNodeSelectorTerms;
    });
    expect(check(facts, 'cilium-agent-affinity').result).toBe('fail');
    expect(check(facts, 'cilium-operator-affinity').result).toBe('pass');
  });
  it('fails when the operator affinity also admits EC2 nodes', () => {
    const facts = withFacts((f) => {
      if (f.workloads.ciliumOperator) {
        f.workloads.ciliumOperator.requiredNodeSelectorTerms = [
          {
            matchExpressions: [
              { key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid', 'ec2'] },
            ],
          },
        ];
      }
    });
    expect(check(facts, 'cilium-operator-affinity')).toMatchObject({
      result: 'fail',
      fix: expect.stringMatching(/^Set operator\.affinity/),
    });
  });
  it('passes the recommended affinity alongside other expressions', () => {
    const facts = withFacts((f) => {
      if (f.workloads.ciliumAgent) {
        f.workloads.ciliumAgent.requiredNodeSelectorTerms = [
          {
            matchExpressions: [
              ...(hybridOnly[0]?.matchExpressions ?? []),
              { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            ],
          },
        ];
      }
    });
    expect(check(facts, 'cilium-agent-affinity').result).toBe('pass');
  });
});

describe('agent node', () => {
  it('warns with exactly one qualifying Ready worker', () => {
    const facts = withFacts((f) => {
      f.nodes = f.nodes.filter((n) => n.name !== 'ip-10-0-13-7.eu-west-1.compute.internal');
    });
    expect(check(facts, 'agent-node')).toMatchObject({
      result: 'warn',
      found: expect.stringMatching(/^1 of 1 cloud workers qualify and are Ready/),
    });
  });
  it('fails when the workers are NotReady', () => {
    const facts = withFacts((f) => {
      for (const n of f.nodes) n.ready = false;
    });
    expect(check(facts, 'agent-node')).toMatchObject({
      result: 'fail',
      found:
        '0 of 2 cloud workers qualify and are Ready. ' +
        'ip-10-0-12-34.eu-west-1.compute.internal (t3.xlarge, node group agents) is NotReady, ' +
        'ip-10-0-13-7.eu-west-1.compute.internal (t3.xlarge, node group agents) is NotReady.',
      fix: expect.stringMatching(/^Find out why ip-10-0-12-34\S+, ip-10-0-13-7\S+ are NotReady/),
    });
  });
  it('names the worker and instance type that fall short, and a fix naming the cluster', () => {
    // The demo's legacy cluster: one t3.medium worker in node group workers.
    const facts = withFacts((f) => {
      f.name = 'legacy';
      f.nodegroups = [
        {
          name: 'workers',
          instanceTypes: ['t3.medium'],
          diskSize: 20,
          scalingConfig: { minSize: 0, maxSize: 2, desiredSize: 1 },
        },
      ];
      f.nodes = [
        cloudWorker('ip-10-1-0-5.us-west-2.compute.internal', {
          labels: {
            'eks.amazonaws.com/nodegroup': 'workers',
            'node.kubernetes.io/instance-type': 't3.medium',
          },
          capacity: { cpu: '2', memory: '3943372Ki', ephemeralStorage: '20959212Ki' },
        }),
      ];
    });
    const item = check(facts, 'agent-node');
    expect(item.found).toBe(
      '0 of 1 cloud workers qualify and are Ready. ip-10-1-0-5.us-west-2.compute.internal ' +
        '(t3.medium, node group workers) has 2 vCPU (needs 4), 3.8 GiB memory (needs 16 GiB).',
    );
    expect(item.fix).toContain('aws eks create-nodegroup --cluster-name legacy ');
    expect(item.fix).toContain('--instance-types t3.xlarge');
  });
  it('gives the scaling command for the cluster and node group when only one worker is Ready', () => {
    const facts = withFacts((f) => {
      f.nodes = f.nodes.filter((n) => n.name !== 'ip-10-0-13-7.eu-west-1.compute.internal');
    });
    expect(check(facts, 'agent-node').fix).toBe(
      'Raise node group agents to 2 nodes: aws eks update-nodegroup-config --cluster-name demo ' +
        '--nodegroup-name agents --scaling-config minSize=2,maxSize=3,desiredSize=2',
    );
  });
  it('does not count hybrid nodes, however large', () => {
    const facts = withFacts((f) => {
      f.nodes = [
        hybridNode('mi-0123456789abcdef9', 'store-1', 'big', { capacity: { cpu: '64', memory: '256Gi' } }),
      ];
    });
    expect(check(facts, 'agent-node').result).toBe('fail');
  });
  it.each([
    [
      'too few CPUs (t3.large)',
      { capacity: { cpu: '2', memory: '8049696Ki', ephemeralStorage: '20959212Ki' } },
    ],
    [
      'too little memory (c5.xlarge, 8 GiB)',
      { capacity: { cpu: '4', memory: '7812096Ki', ephemeralStorage: '20959212Ki' } },
    ],
  ])('fails with %s', (_what, overrides) => {
    const facts = withFacts((f) => {
      f.nodes = [cloudWorker('small-1', overrides), cloudWorker('small-2', overrides)];
    });
    expect(check(facts, 'agent-node').result).toBe('fail');
  });
  it('fails when the node group disk is under 20 GB', () => {
    const facts = withFacts((f) => {
      if (f.nodegroups[0]) f.nodegroups[0].diskSize = 10;
    });
    expect(check(facts, 'agent-node').result).toBe('fail');
  });
  it('uses the node ephemeral storage when the node group does not report a disk size', () => {
    const big = withFacts((f) => {
      if (f.nodegroups[0]) delete f.nodegroups[0].diskSize;
    });
    expect(check(big, 'agent-node').result).toBe('pass');
    const small = withFacts((f) => {
      if (f.nodegroups[0]) delete f.nodegroups[0].diskSize;
      for (const n of f.nodes) n.capacity.ephemeralStorage = '10473452Ki';
    });
    expect(check(small, 'agent-node').result).toBe('fail');
  });
  it('fails when the agent node group may scale to zero', () => {
    const facts = withFacts((f) => {
      if (f.nodegroups[0]) f.nodegroups[0].scalingConfig.minSize = 0;
    });
    expect(check(facts, 'agent-nodegroup-min-size')).toMatchObject({
      result: 'fail',
      found: 'agents may scale to zero (minSize 0).',
      fix: 'aws eks update-nodegroup-config --cluster-name demo --nodegroup-name agents --scaling-config minSize=1,maxSize=3,desiredSize=2',
    });
  });
  it('fails the node group check when no node group holds a qualifying worker', () => {
    const facts = withFacts((f) => {
      f.nodegroups = [];
    });
    expect(check(facts, 'agent-nodegroup-min-size').found).toBe(
      'No managed node group holds a qualifying worker.',
    );
  });
});

describe('registered hosts and kubelet skew', () => {
  it('fails naming the hosts outside the remote node networks', () => {
    const facts = withFacts((f) => {
      f.registeredHosts.push({ name: 'store-99-pos-1', ip: '192.168.5.5', site: 'store-99' });
    });
    expect(check(facts, 'host-ips')).toMatchObject({
      result: 'fail',
      found: '1 hosts are outside the remote node networks: store-99-pos-1 (192.168.5.5).',
    });
  });
  it('passes with no hosts and no hybrid nodes yet', () => {
    const facts = withFacts((f) => {
      f.registeredHosts = [];
      f.nodes = f.nodes.filter((n) => !n.name.startsWith('mi-'));
    });
    expect(check(facts, 'host-ips')).toMatchObject({ result: 'pass', found: 'No hosts registered yet.' });
    expect(check(facts, 'kubelet-skew')).toMatchObject({ result: 'pass', found: 'No hybrid nodes yet.' });
  });
  it('fails on a hybrid kubelet four minors behind', () => {
    const facts = withFacts((f) => {
      f.cluster.version = '1.35';
    });
    const item = check(facts, 'kubelet-skew');
    expect(item.result).toBe('fail');
    expect(item.found).toMatch(
      /^3 hybrid nodes are out of skew with 1\.35: mi-0123456789abcdef0 \(v1\.31\.2-eks-7f9249a\)/,
    );
    expect(item.fix).toMatch(/nodeadm upgrade/);
  });
  it('fails on a hybrid kubelet newer than the control plane, ignoring cloud workers', () => {
    const facts = withFacts((f) => {
      f.nodes.push(
        hybridNode('mi-0123456789abcdefa', 'store-20', 'pos', { kubeletVersion: 'v1.32.1-eks-1' }),
      );
      f.nodes.push(cloudWorker('old-worker', { kubeletVersion: 'v1.26.0' }));
    });
    expect(check(facts, 'kubelet-skew')).toMatchObject({
      result: 'fail',
      found: expect.stringContaining('1 hybrid nodes'),
    });
  });
  it('keeps long lists short', () => {
    const facts = withFacts((f) => {
      f.registeredHosts = Array.from({ length: 40 }, (_, i) => ({
        name: `h${i}`,
        ip: `192.168.0.${i}`,
        site: 's',
      }));
    });
    expect(check(facts, 'host-ips').found).toMatch(/h4 \(192\.168\.0\.4\) and 35 more\.$/);
  });
});
