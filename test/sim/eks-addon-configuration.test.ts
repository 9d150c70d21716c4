import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import {
  DescribeAddonCommand,
  DescribeAddonConfigurationCommand,
  DescribeUpdateCommand,
  UpdateAddonCommand,
} from '@aws-sdk/client-eks';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { DEMO_SCENARIO_PATH, loadScenario } from '../../sim/scenario/load-scenario';
import { type Json, kubeGet } from './kube-reader';
import { AWS_CLI_ENV, awsClients } from './sim-helpers';

const run = promisify(execFile);
let awsMissing: string | undefined;
try {
  execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 });
} catch (e) {
  awsMissing = (e as Error).message.split('\n')[0];
  console.log(`Skipping the aws CLI test: aws --version failed: ${awsMissing}`);
}

const awayFromHybrid = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['hybrid', 'fargate'] },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          ],
        },
      ],
    },
  },
};

let sim: RunningSimulator;
let now: Date;
let eks: ReturnType<typeof awsClients>['eks'];

beforeEach(async () => {
  now = new Date();
  sim = await startSimulator({ port: 0, clock: { now: () => now } });
  eks = awsClients(sim.awsEndpoint).eks;
});
afterEach(() => sim.close());

const awsNodeAffinity = async () =>
  (await kubeGet(sim, 'demo', '/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node')).spec.template.spec
    .affinity as Json;

it('publishes the vpc-cni configuration schema, with affinity', async () => {
  const out = await eks.send(
    new DescribeAddonConfigurationCommand({ addonName: 'vpc-cni', addonVersion: 'v1.19.2-eksbuild.1' }),
  );
  const schema = JSON.parse(out.configurationSchema!);
  expect(schema.definitions.VpcCni.properties).toHaveProperty('affinity');
  expect(schema.definitions.VpcCni.additionalProperties).toBe(false);
});

it('applies configurationValues to aws-node, UPDATING until the update is done on the simulator’s clock', async () => {
  const configurationValues = JSON.stringify({ affinity: awayFromHybrid });
  const { update } = await eks.send(
    new UpdateAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni', configurationValues }),
  );
  expect(update).toMatchObject({ status: 'InProgress', type: 'AddonUpdate' });
  expect(update?.params).toContainEqual({ type: 'ConfigurationValues', value: configurationValues });
  const during = await eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }));
  expect(during.addon).toMatchObject({ status: 'UPDATING', configurationValues });
  expect(await awsNodeAffinity()).toEqual(awayFromHybrid);

  now = new Date(now.getTime() + 60_000);
  const after = await eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }));
  expect(after.addon?.status).toBe('ACTIVE');
  const done = await eks.send(
    new DescribeUpdateCommand({ name: 'demo', updateId: update!.id!, addonName: 'vpc-cni' }),
  );
  expect(done.update?.status).toBe('Successful');

  // Empty configuration values put the add-on's defaults back.
  await eks.send(
    new UpdateAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni', configurationValues: '' }),
  );
  expect(
    (await awsNodeAffinity()).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
      .matchExpressions,
  ).toContainEqual({
    key: 'eks.amazonaws.com/compute-type',
    operator: 'NotIn',
    values: ['fargate', 'hybrid', 'auto'],
  });
});

it('refuses configuration values the schema rejects, changing nothing', async () => {
  const before = await awsNodeAffinity();
  const refused = eks.send(
    new UpdateAddonCommand({
      clusterName: 'demo',
      addonName: 'vpc-cni',
      configurationValues: JSON.stringify({ affinity: awayFromHybrid, replicas: 2 }),
    }),
  );
  await expect(refused).rejects.toMatchObject({
    name: 'InvalidParameterException',
    message: expect.stringContaining(
      '$.replicas: is not defined in the schema and the schema does not allow additional properties',
    ),
  });
  expect(await awsNodeAffinity()).toEqual(before);
  const addon = await eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }));
  expect(addon.addon).toMatchObject({ status: 'ACTIVE' });
  expect(addon.addon?.configurationValues).toBeUndefined();
});

(awsMissing ? it.skip : it)(
  'answers aws eks update-addon and describe-addon from the aws CLI',
  async () => {
    const env = AWS_CLI_ENV;
    const aws = async (...args: string[]) =>
      JSON.parse((await run('aws', ['--endpoint-url', sim.awsEndpoint, ...args], { env })).stdout);
    const values = JSON.stringify({ affinity: awayFromHybrid });
    const updated = await aws(
      'eks',
      'update-addon',
      '--cluster-name',
      'demo',
      '--addon-name',
      'vpc-cni',
      '--configuration-values',
      values,
    );
    expect(updated.update).toMatchObject({ status: 'InProgress', type: 'AddonUpdate' });
    const described = await aws('eks', 'describe-addon', '--cluster-name', 'demo', '--addon-name', 'vpc-cni');
    expect(described.addon).toMatchObject({ status: 'UPDATING', configurationValues: values });
    expect(await awsNodeAffinity()).toEqual(awayFromHybrid);
  },
  60_000,
);

it("applies a scenario's coredns configuration values to the coredns Deployment from the start", async () => {
  const scenario = loadScenario(DEMO_SCENARIO_PATH);
  const demo = scenario.clusters.find((c) => c.name === 'demo');
  const coredns = demo?.addons.find((a) => a.name === 'coredns');
  if (coredns) coredns.configurationValues = JSON.stringify({ replicaCount: 3 });
  const configured = await startSimulator({ port: 0, scenario });
  try {
    const deployment = await kubeGet(
      configured,
      'demo',
      '/apis/apps/v1/namespaces/kube-system/deployments/coredns',
    );
    expect(deployment.spec.replicas).toBe(3);
  } finally {
    await configured.close();
  }
});

it('puts CoreDNS replicas on hybrid nodes once they have joined and the add-on asks for more', async () => {
  sim.control.addHybridNodes('demo', { count: 2, sites: ['store-12'] });
  await eks.send(
    new UpdateAddonCommand({
      clusterName: 'demo',
      addonName: 'coredns',
      configurationValues: JSON.stringify({ replicaCount: 4 }),
    }),
  );
  const onHybrid = async () => {
    const pods = (
      await kubeGet(
        sim,
        'demo',
        `/api/v1/namespaces/kube-system/pods?labelSelector=${encodeURIComponent('k8s-app=kube-dns')}`,
      )
    ).items as Json[];
    return pods.filter((p) => String(p.spec.nodeName ?? '').startsWith('mi-')).length;
  };
  const deadline = Date.now() + 5000;
  while ((await onHybrid()) < 2 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  // The two new replicas spread to the nodes without one (the hybrid ones); the first two stay where they run.
  expect(await onHybrid()).toBe(2);
});

it("keeps coredns's default affinity and tolerations when the values leave them out, and puts them back", async () => {
  const spec = async () =>
    (await kubeGet(sim, 'demo', '/apis/apps/v1/namespaces/kube-system/deployments/coredns')).spec as Json;
  const initial = await spec();
  // As EKS installs it: replicas preferably on different hosts, tolerating CriticalAddonsOnly.
  expect(
    initial.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]
      .podAffinityTerm.topologyKey,
  ).toBe('kubernetes.io/hostname');
  expect(initial.template.spec.tolerations).toContainEqual({ key: 'CriticalAddonsOnly', operator: 'Exists' });

  const update = async (values: object) => {
    await eks.send(
      new UpdateAddonCommand({
        clusterName: 'demo',
        addonName: 'coredns',
        configurationValues: JSON.stringify(values),
      }),
    );
    now = new Date(now.getTime() + 60_000);
  };
  await update({ replicaCount: 4, affinity: awayFromHybrid, tolerations: [{ operator: 'Exists' }] });
  expect((await spec()).template.spec).toMatchObject({
    affinity: awayFromHybrid,
    tolerations: [{ operator: 'Exists' }],
  });
  await update({ replicaCount: 4 });
  const back = await spec();
  expect(back.replicas).toBe(4);
  expect(back.template.spec.affinity).toEqual(initial.template.spec.affinity);
  expect(back.template.spec.tolerations).toEqual(initial.template.spec.tolerations);
  await update({ affinity: null });
  expect((await spec()).template.spec.affinity).toBeUndefined();
  expect((await spec()).replicas).toBe(2);
});
