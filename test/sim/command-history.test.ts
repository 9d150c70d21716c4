import { CreateActivationCommand, ListCommandsCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { awsClients, ssmNodeConfig } from './sim-helpers';

let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;
beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  clients = awsClients(sim.awsEndpoint);
});
afterEach(() => sim.close());

async function control(path: string, body: unknown) {
  const res = await fetch(`${sim.awsEndpoint}/_sim/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The bootstrap as a requester receives it, pasted at the host's console. */
async function bootstrap(host: string) {
  const a = await clients.ssm.send(
    new CreateActivationCommand({ IamRole: 'HybridNodesRole', DefaultInstanceName: host }),
  );
  const script = [
    'nodeadm install 1.31 --credential-provider ssm',
    "(umask 077 && cat > nodeConfig.yaml <<'NODECONFIG_EOF'",
    ssmNodeConfig({ activationId: a.ActivationId!, activationCode: a.ActivationCode! }),
    'NODECONFIG_EOF',
    ')',
    'nodeadm init -c file://nodeConfig.yaml',
  ].join('\n');
  return { run: await control(`hosts/${host}/run`, { script }), code: a.ActivationCode! };
}

it('runs a pasted bootstrap at the host: the SSM agent registers and the host joins', async () => {
  const { run } = await bootstrap('store12-edge-01');
  expect(run.status).toBe(200);
  expect(run.body).toMatchObject({ exitCode: 0, managedInstanceId: expect.stringMatching(/^mi-/) });
  expect(sim.control.state().nodes.map((n: { name: string }) => n.name)).toContain(
    run.body.managedInstanceId,
  );
  expect(sim.control.effects()['store12-edge-01']).toMatchObject({ 'nodeadm install': 1, 'nodeadm init': 1 });
});

it('says what is wrong with a run request', async () => {
  expect((await control('hosts/no-such-host/run', { script: 'nodeadm uninstall' })).status).toBe(404);
  expect((await control('hosts/store12-edge-01/run', {})).status).toBe(400);
});

it('ListCommands shows a host’s command history with its parameters, newest first, as SSM does', async () => {
  const { run, code } = await bootstrap('store12-edge-01');
  const instanceId = String(run.body.managedInstanceId);
  for (const comment of ['first', 'second']) {
    await clients.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instanceId],
        Comment: comment,
        Parameters: { commands: [`echo ${comment}`] },
      }),
    );
  }
  const listed = await clients.ssm.send(new ListCommandsCommand({ InstanceId: instanceId }));
  expect(listed.Commands?.map((c) => [c.Comment, c.Parameters?.commands])).toEqual([
    ['second', ['echo second']],
    ['first', ['echo first']],
  ]);
  expect(listed.Commands?.[0]?.InstanceIds).toEqual([instanceId]);
  // The bootstrap ran at the console, not through Run Command: its code is in no command's parameters.
  expect(JSON.stringify(listed)).not.toContain(code);
  const paged = await clients.ssm.send(new ListCommandsCommand({ InstanceId: instanceId, MaxResults: 1 }));
  expect(paged.Commands).toHaveLength(1);
  expect(paged.NextToken).toBeDefined();
  await expect(clients.ssm.send(new ListCommandsCommand({ CommandId: 'nope' }))).rejects.toMatchObject({
    name: 'InvalidCommandId',
  });
});

it('fails nodeadm on one host as asked through the faults endpoint, with its message, until the fault is cleared', async () => {
  expect(
    (
      await control('faults', {
        host: 'store12-edge-01',
        nodeadm: 'init',
        message: 'kubelet failed to start',
      })
    ).status,
  ).toBe(200);
  expect((await control('faults', { host: 'no-such-host', nodeadm: 'init' })).status).toBe(404);
  expect((await control('faults', { host: 'store12-edge-01', nodeadm: 'reboot' })).status).toBe(400);
  const failed = await bootstrap('store12-edge-01');
  expect(failed.run.body).toMatchObject({ exitCode: 1 });
  expect(JSON.stringify(failed.run.body)).toContain('kubelet failed to start');
  // install ran; init did not, and no node joined.
  expect(sim.control.effects()['store12-edge-01']).toMatchObject({ 'nodeadm install': 1 });
  expect(sim.control.effects()['store12-edge-01']).not.toHaveProperty('nodeadm init');
  expect(
    sim.control.state().nodes.filter((n: { computeType: string }) => n.computeType === 'hybrid'),
  ).toEqual([]);
  // Another host is not affected.
  expect((await bootstrap('store12-edge-02')).run.body).toMatchObject({ exitCode: 0 });
  expect(
    sim.control.state().nodes.filter((n: { computeType: string }) => n.computeType === 'hybrid'),
  ).toHaveLength(1);
  expect(sim.control.faults()).toEqual([
    { host: 'store12-edge-01', nodeadm: 'init', message: 'kubelet failed to start' },
  ]);

  const res = await fetch(`${sim.awsEndpoint}/_sim/faults`, { method: 'DELETE' });
  expect(res.status).toBe(200);
  expect(sim.control.faults()).toEqual([]);
});
