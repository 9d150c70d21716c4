import { clusterExportMessage, clustersMessage } from '../../../src/blocks/clusters/clusters-message';
import type { ClusterConfig } from '../../../src/config/schema';

const demo: ClusterConfig = {
  name: 'demo',
  region: 'us-west-2',
  channel: 'C0OPS',
  alertChannel: 'C0ALERTS',
  hybridNodesRole: 'HybridNodesRole',
  vpcCidrs: ['10.0.0.0/16'],
};
const gitops: ClusterConfig = {
  ...demo,
  name: 'gitops',
  channel: 'C0GITOPS',
  alertChannel: 'C0GITOPS',
  vpcCidrs: [],
};
const at = Date.parse('2026-12-07T10:00:00Z');
const textOf = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);

describe('/hybrid clusters', () => {
  it('lists file and imported clusters with region, channels and where each comes from', () => {
    const m = clustersMessage([
      { cluster: demo, source: 'file' },
      { cluster: gitops, source: 'imported', imported: { importedBy: 'U0ADMIN', importedAt: at } },
    ]);
    expect(m.text).toBe('2 clusters (1 imported)');
    const shown = textOf(m);
    expect(shown).toContain(
      '• *demo* · us-west-2 · <#C0OPS> · alerts <#C0ALERTS> · from the configuration file',
    );
    // An alert channel that is the channel itself is not said twice.
    expect(shown).toContain(
      '• *gitops* · us-west-2 · <#C0GITOPS> · imported by <@U0ADMIN> <!date^1796637600^',
    );
    expect(shown).toContain('`/hybrid cluster export &lt;name&gt;`');
  });

  it('says how to add one when none is imported', () => {
    const m = clustersMessage([{ cluster: demo, source: 'file' }]);
    expect(m.text).toBe('1 cluster (0 imported)');
    expect(textOf(m)).toContain(
      '/hybrid cluster import &lt;name&gt; --region &lt;region&gt; --channel #channel',
    );
  });
});

describe('/hybrid cluster export', () => {
  it('gives the entry as YAML in a code block, and says where it goes', () => {
    const m = clusterExportMessage({
      cluster: gitops,
      source: 'imported',
      imported: { importedBy: 'U0ADMIN', importedAt: at },
    });
    const shown = textOf(m);
    expect(shown).toContain('to `clusters:` in the configuration file (HYBRID_BOT_CONFIG)');
    expect(shown).toContain(
      JSON.stringify(
        '```\nclusters:\n  - name: gitops\n    region: us-west-2\n    channel: C0GITOPS\n    alertChannel: C0GITOPS\n    hybridNodesRole: HybridNodesRole\n```',
      ).slice(1, -1),
    );
  });

  it('says a file cluster is in the file already', () => {
    expect(textOf(clusterExportMessage({ cluster: demo, source: 'file' }))).toContain(
      'comes from the configuration file already',
    );
  });
});
