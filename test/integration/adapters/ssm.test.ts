import { buildActivationRequest, type CreateActivationRequest } from '../../../src/domain/activation-request';
import { bootstrapScript } from '../../../src/domain/node-bootstrap';
import { nodeConfigYaml, renderNodeConfig } from '../../../src/domain/node-config';
import { ErrorCode } from '../../../src/errors';
import { until } from '../../support/until';
import { botError, DEMO, demoScenario, REGION, startAdapters } from './harness';

function activationFor(hostName: string, site = 'store-12'): CreateActivationRequest {
  const built = buildActivationRequest({
    hybridNodesRole: 'HybridNodesRole',
    hostName,
    cluster: 'demo',
    site,
    requester: 'U0123ABCD',
    now: new Date(),
  });
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.request;
}

describe('the SSM adapter against the simulator', () => {
  let env: Awaited<ReturnType<typeof startAdapters>>;
  // SSM may not know an invocation for a moment after SendCommand; the simulator does the same.
  beforeAll(async () => {
    env = await startAdapters({ scenario: demoScenario({ invocationVisibilityMs: 300 }) });
  });
  afterAll(() => env.close());
  const cluster = () => env.clients.forCluster(DEMO);
  /** The command's result once it has ended, polled as a caller of Run Command polls. */
  const commandEnded = (ssm: ReturnType<typeof cluster>['ssm'], commandId: string, id: string) =>
    until(`command ${commandId} on ${id} to end`, async () => {
      const r = await ssm.getCommandResult(commandId, id);
      return ['Pending', 'InProgress', 'Delayed'].includes(r.status) ? undefined : r;
    });

  it('issues an activation that DescribeActivations then shows with its tags and expiry', async () => {
    const request = activationFor('store12-edge-02');
    const issued = await cluster().ssm.createActivation(request);
    expect(issued.activationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(issued.activationCode).toMatch(/^.{20,250}$/);
    const [found, ...others] = await cluster().ssm.describeActivations({
      activationIds: [issued.activationId],
    });
    expect(others).toEqual([]);
    expect(found).toMatchObject({
      activationId: issued.activationId,
      defaultInstanceName: 'store12-edge-02',
      iamRole: 'HybridNodesRole',
      registrationLimit: 1,
      registrationsCount: 0,
      expired: false,
    });
    expect(Math.abs((found?.expiresAt ?? 0) - request.ExpirationDate.getTime())).toBeLessThan(1000);
    expect(found?.tags).toEqual(expect.arrayContaining(request.Tags));
    expect(JSON.stringify(found)).not.toContain(issued.activationCode);

    await cluster().ssm.deleteActivation(issued.activationId);
    await cluster().ssm.deleteActivation(issued.activationId);
    expect(await cluster().ssm.describeActivations({ activationIds: [issued.activationId] })).toEqual([]);
  });

  it('registers, tags, runs nodeadm on and deregisters a managed instance, which then joins the cluster', async () => {
    const { ssm, kube } = cluster();
    const issued = await ssm.createActivation(activationFor('store12-edge-01'));
    const { managedInstanceId } = env.sim.control.bootstrapHost('store12-edge-01', issued);
    const id = managedInstanceId as string;

    const [instance] = await ssm.describeInstances({ activationIds: [issued.activationId] });
    expect(instance).toMatchObject({
      instanceId: id,
      pingStatus: 'Online',
      name: 'store12-edge-01',
      ipAddress: '10.80.1.11',
      activationId: issued.activationId,
      iamRole: 'HybridNodesRole',
    });
    expect(id).toMatch(/^mi-[0-9a-f]{17}$/);
    const byTag = await ssm.describeInstances({ tags: { 'hybrid-bot:host': 'store12-edge-01' } });
    expect(byTag.map((i) => i.instanceId)).toEqual([id]);
    expect(await ssm.listInstanceTags(id)).toContainEqual({ Key: 'hybrid-bot:cluster', Value: 'demo' });
    await ssm.addTags(id, { 'hybrid-bot:pool': 'tills' });
    expect(await ssm.listInstanceTags(id)).toContainEqual({ Key: 'hybrid-bot:pool', Value: 'tills' });

    const yaml = nodeConfigYaml(
      renderNodeConfig({ clusterName: 'demo', region: REGION, credential: { kind: 'ssm', ...issued } }),
    );
    const script = bootstrapScript({
      kubernetesVersion: '1.31',
      credentialProvider: 'ssm',
      nodeConfigYaml: yaml,
    });
    const commandId = await ssm.sendShellCommand([id], script.commands, 600);
    // Right after sending, the invocation is not visible yet: that reads as pending, not as an error.
    expect((await ssm.getCommandResult(commandId, id)).status).toBe('Pending');
    const result = await commandEnded(ssm, commandId, id);
    expect(result).toMatchObject({ status: 'Success', exitCode: 0 });
    const node = await kube.getNode(id);
    expect(node).toMatchObject({
      labels: expect.objectContaining({ 'eks.amazonaws.com/compute-type': 'hybrid' }),
      providerId: `eks-hybrid:///${REGION}/demo/${id}`,
      kubeletVersion: expect.stringMatching(/^v1\.31\./),
    });

    await ssm.deregisterManagedInstance(id);
    await ssm.deregisterManagedInstance(id);
    expect(await ssm.describeInstances({ instanceIds: [id] })).toEqual([]);
  });

  it('reports a failed script with its exit code and stderr', async () => {
    const { ssm } = cluster();
    const issued = await ssm.createActivation(activationFor('plant3-edge-01', 'plant-3'));
    const id = env.sim.control.bootstrapHost('plant3-edge-01', issued).managedInstanceId as string;
    const commandId = await ssm.sendShellCommand(
      [id],
      ['nodeadm upgrade 1.32 -c file://nodeConfig.yaml'],
      60,
    );
    const result = await commandEnded(ssm, commandId, id);
    expect(result.status).toBe('Failed');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('nodeadm init');
  });

  it('reads every page of DescribeInstanceInformation (SSM returns at most 50 a page)', async () => {
    env.sim.control.addHybridNodes('demo', { count: 120, sites: ['store-12'] });
    const all = await cluster().ssm.describeInstances();
    expect(all.length).toBeGreaterThanOrEqual(120);
    expect(new Set(all.map((i) => i.instanceId)).size).toBe(all.length);
    const online = await cluster().ssm.describeInstances({ pingStatus: ['Online'] });
    expect(online.length).toBeGreaterThanOrEqual(120);
    expect(await cluster().ssm.describeInstances({ activationIds: [] })).toEqual([]);
  });

  it('sends a command to at most 50 hosts, and keeps the script out of any error', async () => {
    const { ssm } = cluster();
    const many = Array.from({ length: 51 }, (_, i) => `mi-${i.toString(16).padStart(17, '0')}`);
    const tooMany = await botError(ssm.sendShellCommand(many, ['true'], 60));
    expect(tooMany.code).toBe(ErrorCode.Validation);
    expect(tooMany.userMessage).toContain('split the list');

    const secretScript = ['echo activationCode: SECRET-CODE-1234567890abcdef > nodeConfig.yaml'];
    const unknown = await botError(ssm.sendShellCommand(['mi-00000000000000000'], secretScript, 60));
    expect(unknown.code).toBe(ErrorCode.NotFound);
    expect(unknown.retryable).toBe(false);
    expect(unknown.userMessage).toContain('Sending a shell command to mi-00000000000000000');
    // SSM says the same of a host that is offline: the configuration is not what to check.
    expect(unknown.userMessage).toContain('SSM does not see that managed node Online');
    expect(unknown.userMessage).not.toContain('configuration');
    const everything = `${unknown.userMessage} ${unknown.message} ${String(unknown.cause)} ${JSON.stringify(unknown.cause)}`;
    expect(everything).not.toContain('SECRET-CODE');
  });

  it('explains a refused activation: a role ARN where SSM wants a role name', async () => {
    const arn = 'arn:aws:iam::111122223333:role/HybridNodesRole';
    const request = { ...activationFor('plant3-edge-02', 'plant-3'), IamRole: arn };
    const err = await botError(cluster().ssm.createActivation(request));
    expect(err.code).toBe(ErrorCode.Validation);
    expect(err.retryable).toBe(false);
    expect(err.userMessage).toContain('Creating an SSM activation for plant3-edge-02 in us-west-2 failed');
    expect(err.userMessage).toContain('Not existing role');
  });
});
