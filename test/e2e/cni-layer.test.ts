import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEMO_SCENARIO_PATH } from '../../sim/scenario/load-scenario';
import type { ScenarioInput } from '../../sim/scenario/schema';
import { CniLayerStore } from '../../src/adapters/redis/cni-layer-store';
import { kubeGet, kubeRequest } from '../sim/kube-reader';
import { buttonClick, buttonsIn } from '../support/hosts-support';
import { startTestBot, TEST_CLUSTERS, type TestBot } from '../support/test-bot';

/** The demo world, with EKS add-on updates that take half a second instead of twenty. */
function scenario(): ScenarioInput {
  return { ...(parse(readFileSync(DEMO_SCENARIO_PATH, 'utf8')) as ScenarioInput), addonUpdateMs: 500 };
}

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({
    scenario: scenario(),
    file: {
      clusters: [...TEST_CLUSTERS, { ...TEST_CLUSTERS[0], name: 'gitops' }],
      // A 1.19 tag is listed so that only the two-minor rule refuses the jump; one-second polls keep the test short.
      cilium: { versions: ['1.17.6-0', '1.18.3-0', '1.19.1-0'], pollSeconds: 1 },
      monitor: { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 },
    },
  });
});
afterAll(async () => {
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const desiredLayer = (cluster: string) => new CniLayerStore(t.inspect).get(cluster);

async function ask(command: string, user = 'U0ADMIN') {
  t.slack.clear();
  await t.command(command, { user });
  return t.waitForCall(
    (c) => c.kind === 'response_url' || (c.method === 'chat.postMessage' && c.args.channel === 'C0OPS'),
  );
}

async function approve(title: string) {
  const request = await t.waitForCall(
    (c) => c.method === 'chat.postMessage' && c.args.channel === 'C0OPS' && text(c).includes(title),
  );
  const [approveButton] = buttonsIn(request.args);
  await t.interaction(
    buttonClick('U0APPROVER', approveButton as never, {
      messageTs: '1700000001.000300',
      responseUrl: t.slack.responseUrl(),
    }),
  );
  return request;
}

const helmRelease = () =>
  kubeGet(t.sim, 'gitops', '/apis/helm.toolkit.fluxcd.io/v2/namespaces/kube-system/helmreleases/cilium');

// The demo scenario: demo runs Cilium 1.17.6 as a Helm release, gitops the same under Flux, legacy none.
describe('/hybrid cni show', () => {
  it('shows the hybrid-only Cilium on demo: version, owner, affinities, IPAM against the remote pod networks', async () => {
    await t.command('cni show demo');
    const shown = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('CNI layer of demo'),
    );
    const body = text(shown);
    expect(body).toContain('agent 1.17.6-0 · operator 1.17.6-0');
    expect(body).toContain('Helm release `cilium`');
    expect(body).toMatch(/Agent\* \(DaemonSet cilium\): hybrid nodes only: yes/);
    expect(body).toMatch(/Operator\* \(Deployment cilium-operator\): hybrid nodes only: yes/);
    expect(body).toContain('pod CIDRs 10.85.0.0/16 = the remote pod networks · /25 per node');
    expect(body).toContain('aws-node excludes hybrid nodes:* yes');
    expect(body).toContain("compared with AWS's recommended hybrid values");
  }, 30_000);

  it('says no Cilium runs on legacy', async () => {
    await t.command('cni show legacy');
    const shown = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('CNI layer of legacy'),
    );
    expect(text(shown)).toContain('*Cilium:* not installed on legacy');
    expect(text(shown)).toContain('Cilium: running not installed');
  }, 30_000);
});

describe('/hybrid cni set', () => {
  it('refuses a jump of two minors, says how to get there, and changes nothing', async () => {
    const before = await helmRelease();
    const answer = await ask('cni set gitops --cilium 1.19.1-0');
    expect(text(answer)).toMatch(/one minor version at a time: 1.17 → 1.19 skips 1 minor/);
    expect(text(answer)).toMatch(/latest 1.18.x first/);
    expect(
      t.slack.calls().filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0OPS'),
    ).toEqual([]);
    expect((await helmRelease()).spec).toEqual(before.spec);
    expect(await desiredLayer('gitops')).toBeUndefined();
  }, 30_000);

  it("takes the team's values from a YAML file shared in Slack, and names the line of a broken one", async () => {
    const broken = t.slack.shareFile({ name: 'cilium-values.yaml', content: 'operator:\n  replicas: [1\n' });
    const refused = await ask(`cni set gitops --cilium 1.18.3-0 --values-file ${broken.permalink}`);
    expect(text(refused)).toMatch(/cilium-values.yaml line \d/);
    expect(text(refused)).toContain('Nothing was changed');
    expect(
      t.slack.calls().filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0OPS'),
    ).toEqual([]);

    const file = t.slack.shareFile({
      name: 'cilium-values.yaml',
      content: 'bgpControlPlane:\n  enabled: true\noperator:\n  replicas: 1\n',
    });
    t.slack.clear();
    // As with helm, --set applies over the file.
    await t.command(`cni set gitops --cilium 1.18.3-0 --values-file ${file.id} --set operator.replicas=2`, {
      user: 'U0ADMIN',
    });
    const request = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0OPS' &&
        text(c).includes('Set the CNI layer of gitops'),
    );
    expect(text(request)).toContain('`bgpControlPlane.enabled=true`');
    expect(text(request)).toContain('`operator.replicas=2`');
    // Rejected, so the cluster stays free for the next request.
    const [, reject] = buttonsIn(request.args);
    await t.interaction(
      buttonClick('U0APPROVER', reject as never, {
        messageTs: '1700000001.000200',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('Rejected'));
  }, 30_000);

  it('is for admins only', async () => {
    const answer = await t.command('cni set gitops --cilium 1.18.3-0', { user: 'U0OPERATOR' });
    expect(answer.body).toMatch(/admin/);
  }, 30_000);

  it('on a Flux cluster: after approval the HelmRelease carries the new version and values, and the layer is recorded', async () => {
    t.slack.clear();
    await t.command('cni set gitops --cilium 1.18.3-0 --set operator.replicas=1', { user: 'U0ADMIN' });
    const request = await approve('Set the CNI layer of gitops to Cilium 1.18.3-0');
    expect(text(request)).toContain('Cilium 1.17.6-0 → 1.18.3-0');
    expect(text(request)).toContain('HelmRelease `kube-system/cilium`');
    const done = await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('*Done*'), 30_000);
    expect(text(done)).toContain('1/1 CNI layer');
    const hr = await helmRelease();
    expect(hr.status.history[0].chartVersion).toBe('1.18.3-0');
    expect(hr.spec.values.operator.replicas).toBe(1);
    expect(hr.spec.values.ipam.operator.clusterPoolIPv4PodCIDRList).toEqual(['10.86.0.0/16']);
    const source = await kubeGet(
      t.sim,
      'gitops',
      '/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/ocirepositories/cilium',
    );
    expect(source.spec.ref.tag).toBe('1.18.3-0');
    const desired = await desiredLayer('gitops');
    expect(desired).toMatchObject({
      chartVersion: '1.18.3-0',
      setBy: 'U0ADMIN',
      overrides: { operator: { replicas: 1 } },
    });

    await t.command('cni show gitops');
    const shown = await t.waitForCall(
      (c) =>
        c.kind === 'response_url' && text(c).includes('CNI layer of gitops') && text(c).includes('*Owner:*'),
    );
    expect(text(shown)).toContain('Flux HelmRelease `kube-system/cilium`');
    expect(text(shown)).toContain('No drift');
  }, 60_000);

  it("pauses with Flux's own message when the HelmRelease cannot become Ready", async () => {
    t.slack.clear();
    // 1.19.1-0 passes the bot's rules (it is configured) but AWS's registry has no such tag.
    await t.command('cni set gitops --cilium 1.19.1-0', { user: 'U0ADMIN' });
    await approve('Set the CNI layer of gitops to Cilium 1.19.1-0');
    const paused = await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Paused*') && text(c).includes('1.19.1-0'),
      30_000,
    );
    expect(text(paused)).toMatch(/Flux could not apply HelmRelease kube-system\/cilium \(SourceNotReady\)/);
    expect(text(paused)).toContain('MANIFEST_UNKNOWN');
    expect(buttonsIn(paused.args).map((b) => (b as { text: { text: string } }).text.text)).toEqual([
      'Retry step',
      'Abort',
    ]);
    // The running Cilium and the recorded layer stay where the last change left them.
    expect((await helmRelease()).status.history[0].chartVersion).toBe('1.18.3-0');
    expect((await desiredLayer('gitops'))?.chartVersion).toBe('1.18.3-0');
  }, 60_000);

  it('without Flux: aws-node is put back off hybrid nodes through the add-on, the requester gets the helm command privately, and the change completes once it is run', async () => {
    // Someone removed aws-node's affinity: it may now land on hybrid nodes.
    const awsNodePath = '/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node';
    const awsNode = await kubeGet(t.sim, 'demo', awsNodePath);
    delete awsNode.spec.template.spec.affinity;
    await kubeRequest(t.sim, 'demo', 'PUT', awsNodePath, awsNode);
    t.slack.clear();
    // A bare upstream version: AWS's build of it is the chart tag.
    await t.command('cni set demo --cilium 1.18.3', { user: 'U0ADMIN' });
    const request = await approve('Set the CNI layer of demo to Cilium 1.18.3-0');
    expect(text(request)).toContain("`--cilium 1.18.3` is AWS's chart build `1.18.3-0`");
    // demo's release runs the chart's defaults there: the plan shows what AWS's values change.
    expect(text(request)).toContain('Cilium 1.17.6-0 → 1.18.3-0');
    expect(text(request)).toContain('operator.replicas: 2 → 1');
    expect(text(request)).toMatch(/operator.tolerations: \[\{\\"operator\\":\\"Exists\\"\}\] → /);
    const shared = await t.waitForCall((c) => c.method === 'files.completeUploadExternal', 30_000);
    expect(String(shared.args.channel_id)).toMatch(/^D0/);
    expect(text(shared)).toContain(
      'helm upgrade --install cilium oci://public.ecr.aws/eks/cilium/cilium --version 1.18.3-0 -n kube-system -f values.yaml --set upgradeCompatibility=1.17',
    );
    expect(text(shared)).toContain('helm install cilium-preflight');
    const upload = t.slack.calls().find((c) => c.kind === 'upload');
    const values = parse(String(upload?.args.content));
    expect(values.ipam.operator.clusterPoolIPv4PodCIDRList).toEqual(['10.85.0.0/16']);
    // Nothing in the channel carries the command: it went to the requester only.
    expect(
      t.slack
        .calls()
        .some(
          (c) =>
            c.method === 'chat.postMessage' &&
            c.args.channel === 'C0OPS' &&
            text(c).includes('helm upgrade --install cilium oci:'),
        ),
    ).toBe(false);
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('waiting for 1.18.3-0'),
      20_000,
    );

    // The operator runs what they were sent.
    t.sim.control.helmUpgrade('demo', {
      release: 'cilium',
      namespace: 'kube-system',
      chart: 'oci://public.ecr.aws/eks/cilium/cilium',
      version: '1.18.3-0',
      values,
    });
    const done = await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes('demo'),
      30_000,
    );
    expect(text(done)).toContain('1/1 CNI layer');
    const desired = await desiredLayer('demo');
    expect(desired?.chartVersion).toBe('1.18.3-0');
    expect(text(done)).toContain('aws-node excludes hybrid nodes (vpc-cni add-on configurationValues)');
    const terms = (await kubeGet(t.sim, 'demo', awsNodePath)).spec.template.spec.affinity.nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms[0].matchExpressions).toContainEqual({
      key: 'eks.amazonaws.com/compute-type',
      operator: 'NotIn',
      values: ['fargate', 'hybrid', 'auto'],
    });
  }, 60_000);

  it('the monitor alerts once when Cilium drifts from the recorded layer, and resolves it when back in step', async () => {
    // Recorded by the change above: Cilium 1.18.3-0 with AWS's values. An operator edits the release by hand.
    const upgrade = (values: Record<string, unknown>) =>
      t.sim.control.helmUpgrade('demo', {
        release: 'cilium',
        namespace: 'kube-system',
        chart: 'oci://public.ecr.aws/eks/cilium/cilium',
        version: '1.18.3-0',
        values,
      });
    const upload = t.slack.calls().find((c) => c.kind === 'upload');
    const values = parse(String(upload?.args.content));
    t.slack.clear();
    upgrade({ ...values, operator: { ...values.operator, replicas: 2 } });
    const alert = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'C0ALERTS' && text(c).includes('drifted'),
      20_000,
    );
    expect(text(alert)).toContain('operator replicas: running 2, wanted 1');
    upgrade(values);
    await t.waitForCall(
      (c) =>
        c.method === 'chat.update' && c.args.ts === alert.result?.ts && text(c).includes('Resolved on demo'),
      20_000,
    );
    const posts = t.slack
      .calls()
      .filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.channel === 'C0ALERTS' &&
          !c.args.thread_ts &&
          text(c).includes('drifted'),
      );
    expect(posts).toHaveLength(1);
  }, 60_000);
});
