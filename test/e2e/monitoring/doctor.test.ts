import { HostInventory } from '../../../src/adapters/redis/inventory';
import { startTestBot, TEST_CLUSTERS, type TestBot } from '../../support/test-bot';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ file: { clusters: TEST_CLUSTERS } });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => t.slack.clear());

const textOf = (body: unknown) => JSON.stringify(body);

async function doctor(
  cluster: string,
): Promise<{ text: string; blocks: string; args: Record<string, unknown> }> {
  const res = await t.command(`doctor ${cluster}`, { user: 'U0VIEWER' });
  expect(res.status).toBe(200);
  const reply = await t.waitForCall(
    (c) => c.kind === 'response_url' && textOf(c.args).includes(`Doctor for ${cluster}`),
  );
  return { text: String(reply.args.text), blocks: textOf(reply.args.blocks), args: reply.args };
}

/** Each check's title with its result, as the checklist shows them. */
function results(blocks: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of blocks.matchAll(/\*([^*]+)\* \((pass|warn|fail)\)/g)) found[m[1] ?? ''] = m[2] ?? '';
  return found;
}

describe('/hybrid doctor', () => {
  it('passes on the demo cluster, in the channel, warning only of the single agent node', async () => {
    const { text, blocks, args } = await doctor('demo');
    expect(args.response_type).toBe('in_channel');
    expect(text).toContain('0 fail');
    const r = results(blocks);
    expect(Object.keys(r)).toHaveLength(13);
    expect(Object.entries(r).filter(([, v]) => v !== 'pass')).toEqual([
      ['A cloud worker Ready to host the management agent', 'warn'],
    ]);
  });

  it('fails exactly the broken checks on legacy, each with a fix', async () => {
    const { blocks } = await doctor('legacy');
    const r = results(blocks);
    const having = (result: string) =>
      Object.entries(r)
        .filter(([, v]) => v === result)
        .map(([k]) => k)
        .sort();
    expect(having('fail')).toEqual(
      [
        'Hybrid nodes enabled',
        'Remote networks private and not overlapping',
        'Authentication mode allows access entries',
        'HYBRID_LINUX access entry for the hybrid nodes role',
        'A cloud worker Ready to host the management agent',
        'Agent node group never scales to zero',
      ].sort(),
    );
    // A self-managed VPC CNI and a missing Cilium are warnings, not failures.
    expect(having('warn')).toEqual(
      [
        'AWS VPC CNI add-on ACTIVE',
        'Cilium agent only on hybrid nodes',
        'Cilium operator only on hybrid nodes',
        "Cilium's pod CIDRs are the remote pod networks",
      ].sort(),
    );
    expect(having('pass')).toHaveLength(3);
    expect(blocks.match(/_Fix:_/g)).toHaveLength(10);
    // What made the agent-node check fail, and a fix naming the cluster.
    expect(blocks).toMatch(/\S+ \(t3\.medium, node group workers\) has 2 vCPU \(needs 4\)/);
    expect(blocks).toContain('aws eks create-nodegroup --cluster-name legacy ');
  });

  it('fails the host check for a registered host outside the remote node networks, naming it', async () => {
    const inventory = new HostInventory(t.inspect);
    const host = { cluster: 'demo', auth: 'ssm', deregistered: false, status: 'registered' } as const;
    await inventory.put({ ...host, name: 'plant3-edge-01', site: 'plant-3', ip: '10.80.2.21' });
    await inventory.put({ ...host, name: 'plant3-edge-04', site: 'plant-3', ip: '192.168.50.10' });
    const { blocks } = await doctor('demo');
    expect(results(blocks)['Registered hosts inside the remote node networks']).toBe('fail');
    expect(blocks).toContain('plant3-edge-04 (192.168.50.10)');
    expect(blocks).not.toContain('plant3-edge-01 (');
    await t.inspect.del('{hb}:hosts:demo');
  });

  it('names the configured clusters when asked about another', async () => {
    await t.command('doctor nowhere');
    const reply = await t.waitForCall((c) => c.kind === 'response_url' && textOf(c.args).includes('nowhere'));
    expect(String(reply.args.text)).toContain(
      'No cluster named `nowhere` is configured: use `demo` or `legacy`.',
    );
  });
});
