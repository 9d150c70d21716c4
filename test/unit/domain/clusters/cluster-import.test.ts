import { loadConfig } from '../../../../src/config/load-config';
import type { ClusterConfig } from '../../../../src/config/schema';
import { clusterEntryYaml } from '../../../../src/domain/clusters/cluster-entry';
import { planClusterForget } from '../../../../src/domain/clusters/cluster-forget-plan';
import { planClusterImport } from '../../../../src/domain/clusters/cluster-import-plan';
import { hybridNodesRoleOf, importedEntry } from '../../../../src/domain/clusters/cluster-import-request';
import { runDoctor } from '../../../../src/domain/doctor';
import { healthyFacts } from '../cluster-facts.fixture';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
  HYBRID_BOT_CONFIG: '/etc/hybrid-bot/config.yaml',
};

/** The configuration file an operator ends with: their own, and the exported entry's list item added to `clusters:`. */
function fileWith(exported: string): string {
  const items = exported.replace(/^clusters:\n/, '');
  return `access:\n  admins: [U0ADMIN]\nclusters:\n  - name: demo\n    region: us-west-2\n    channel: C0OPS\n    hybridNodesRole: HybridNodesRole\n${items}`;
}

const gitops: ClusterConfig = {
  name: 'gitops',
  region: 'eu-west-1',
  channel: 'C0GITOPS',
  alertChannel: 'C0ALERTS',
  hybridNodesRole: 'HybridNodesRole',
  roleArn: 'arn:aws:iam::111122223333:role/hybrid-bot',
  vpcCidrs: [],
};

describe('cluster export: the entry for the configuration file', () => {
  it('is the YAML the configuration loader reads back as the same cluster', () => {
    const yaml = clusterEntryYaml(gitops);
    expect(yaml).toBe(
      [
        'clusters:',
        '  - name: gitops',
        '    region: eu-west-1',
        '    channel: C0GITOPS',
        '    alertChannel: C0ALERTS',
        '    hybridNodesRole: HybridNodesRole',
        '    roleArn: arn:aws:iam::111122223333:role/hybrid-bot',
        '',
      ].join('\n'),
    );
    const config = loadConfig(ENV, () => fileWith(yaml));
    expect(config.clusters.map((c) => c.name)).toEqual(['demo', 'gitops']);
    expect(config.clusters[1]).toEqual(gitops);
  });

  it('leaves out what is not set, and still round-trips', () => {
    const bare: ClusterConfig = { ...gitops, vpcCidrs: [] };
    delete bare.alertChannel;
    delete bare.roleArn;
    const yaml = clusterEntryYaml(bare);
    expect(yaml).not.toContain('roleArn');
    expect(yaml).not.toContain('vpcCidrs');
    expect(loadConfig(ENV, () => fileWith(yaml)).clusters[1]).toEqual(bare);
  });
});

describe('cluster import: the request and its plan', () => {
  it('names each wrong or missing flag, and a channel typed without #', () => {
    const r = importedEntry({ name: 'my cluster', channel: '#ops', roleArn: 'hybrid-bot' });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems).toEqual([
      '`--region` is required: the AWS region of the cluster, e.g. `us-west-2`.',
      '`<name>` must be an EKS cluster name (got `my cluster`).',
      '`--channel` must be a Slack channel ID (C… or G…): pick the channel with # so Slack sends its ID (C…), e.g. `--channel #hybrid-ops` (got `#ops`).',
      '`--role-arn` must be an IAM role ARN (got `hybrid-bot`).',
    ]);
  });

  it('takes the hybrid nodes role from the one HYBRID_LINUX access entry, or asks for it', () => {
    const entry = (principalArn: string, type = 'HYBRID_LINUX') => ({ principalArn, type });
    expect(
      hybridNodesRoleOf('g', undefined, [
        entry('arn:aws:iam::111122223333:role/admins', 'STANDARD'),
        entry('arn:aws:iam::111122223333:role/edge/HybridNodesRole'),
      ]),
    ).toEqual({ ok: true, role: 'HybridNodesRole', from: 'access-entry' });
    expect(hybridNodesRoleOf('g', 'Given', [])).toEqual({ ok: true, role: 'Given', from: 'option' });
    const none = hybridNodesRoleOf('g', undefined, []);
    expect(none.ok ? '' : none.message).toContain('--hybrid-nodes-role <name>');
    const two = hybridNodesRoleOf('g', undefined, [
      entry('arn:aws:iam::111122223333:role/A'),
      entry('arn:aws:iam::111122223333:role/B'),
    ]);
    expect(two.ok ? '' : two.message).toContain('`A`, `B`');
  });

  it("shows the doctor's findings with their fixes, the entry added, and is decided by admins", () => {
    const facts = healthyFacts();
    facts.cluster.remoteNodeNetworks = undefined;
    const findings = runDoctor(facts);
    const planned = planClusterImport({
      cluster: gitops,
      eks: { version: '1.31', status: 'ACTIVE' },
      hybridNodesRoleFrom: 'access-entry',
      findings,
    });
    expect(planned.decidedBy).toBe('admin');
    expect(planned.target).toEqual({ cluster: 'gitops', kind: 'cluster', name: 'gitops' });
    const summary = planned.summary.join('\n');
    expect(summary).toContain('EKS cluster *gitops* (eu-west-1, Kubernetes 1.31, ACTIVE)');
    expect(summary).toContain('reports and approvals in <#C0GITOPS>, alerts in <#C0ALERTS>');
    expect(summary).toContain('as arn:aws:iam::111122223333:role/hybrid-bot');
    expect(summary).toContain("hybrid nodes role HybridNodesRole (its HYBRID_LINUX access entry's)");
    const fails = findings.filter((f) => f.result === 'fail');
    expect(fails.length).toBeGreaterThan(0);
    expect(summary).toContain(`${fails.length} fail`);
    expect(summary).toContain(
      ':x: *Hybrid nodes enabled*: The cluster has no remote network configuration. _Fix:_ Enable hybrid nodes',
    );
    expect(summary).toContain('`/hybrid cluster export gitops`');
    expect(planned.diff).toEqual([
      { op: 'add', text: '- name: gitops' },
      { op: 'add', text: '  region: eu-west-1' },
      { op: 'add', text: '  channel: C0GITOPS' },
      { op: 'add', text: '  alertChannel: C0ALERTS' },
      { op: 'add', text: '  hybridNodesRole: HybridNodesRole' },
      { op: 'add', text: '  roleArn: arn:aws:iam::111122223333:role/hybrid-bot' },
    ]);
    expect(planned.steps.map((s) => s.action)).toEqual(['cluster-record']);
  });
});

describe('cluster forget: its plan', () => {
  it('says what stops, that nothing on the cluster is touched, and removes the entry', () => {
    const planned = planClusterForget({
      cluster: gitops,
      importedBy: 'U0ADMIN',
      importedAt: 0,
      pools: ['pos', 'kiosk'],
      hosts: 1,
      firingAlerts: 0,
    });
    expect(planned.decidedBy).toBe('admin');
    expect(planned.summary).toEqual([
      'stop managing cluster *gitops* (eu-west-1, imported by <@U0ADMIN>): no more monitor sweeps or alerts in <#C0ALERTS>, and commands no longer take it',
      "nothing changes in EKS or on the cluster: its nodes keep running, with 2 pools (pos and kiosk) and 1 host of the bot's; their records stay in Redis and are used again if the cluster is imported again",
    ]);
    expect(planned.diff.every((d) => d.op === 'remove')).toBe(true);
    expect(planned.diff[0]).toEqual({ op: 'remove', text: '- name: gitops' });
  });

  it('tells the approver that the alerts firing there will no longer be watched', () => {
    const planned = planClusterForget({
      cluster: gitops,
      importedBy: 'U0ADMIN',
      importedAt: 0,
      pools: [],
      hosts: 0,
      firingAlerts: 2,
    });
    expect(planned.summary[2]).toBe(
      '2 alerts firing there now: the alert message is marked as no longer watched, and nothing will resolve them',
    );
  });
});
