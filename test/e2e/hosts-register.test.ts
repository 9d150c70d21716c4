import { readHost } from '../support/host-records';
import { startTestBot, type TestBot } from '../support/test-bot';
import { hostsFile, IAM_RA_CLUSTER, secretsIn } from './hosts-support';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ file: hostsFile() });
});
afterAll(async () => {
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);

describe('/hybrid host register (text form)', () => {
  it('issues an SSM activation: bootstrap to the requester only, the channel told without the code, then registered', async () => {
    await t.command('host register store12-edge-01 --cluster demo --site store-12 --ip 10.80.1.11');
    const secret = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('activationCode'),
    );
    expect(secret.args.response_type).toBe('ephemeral');
    const { activationId, activationCode } = secretsIn(text(secret));
    expect(text(secret)).toContain('nodeadm install 1.31 --credential-provider ssm');
    expect(text(secret)).toContain('nodeadm init -c file://nodeConfig.yaml');

    const notice = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0OPS' &&
        text(c).includes('was issued an SSM activation'),
    );
    expect(text(notice)).toContain('<@U0OPERATOR>');
    expect(text(notice)).toContain('<!date^');
    expect(text(notice)).not.toContain(activationCode);

    const stored = await t.inspect.hget('{hb}:hosts:demo', 'store12-edge-01');
    expect(await readHost(t.inspect, 'store12-edge-01')).toMatchObject({
      status: 'activation-pending',
      activationId,
      ip: '10.80.1.11',
    });
    expect(stored).not.toContain(activationCode);
    expect(t.logLines.join('\n')).not.toContain(activationCode);

    t.sim.control.bootstrapHost('store12-edge-01', { activationId, activationCode });
    const registered = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('store12-edge-01* registered as `mi-'),
      20_000,
    );
    expect(registered.args.channel).toBe('C0OPS');
    const after = await readHost(t.inspect, 'store12-edge-01');
    expect(after.status).toBe('registered');
    expect(after.managedInstanceId).toMatch(/^mi-/);
  }, 30_000);

  it('prepares an IAM Roles Anywhere host with the certificate CN warning, and sees the node join', async () => {
    await t.command(
      `host register store12-edge-02 --cluster demo --site store-12 --ip 10.80.1.12 --auth iam-ra`,
    );
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('iamRolesAnywhere'),
    );
    const body = text(reply);
    expect(body).toContain(IAM_RA_CLUSTER.iamRolesAnywhere.trustAnchorArn);
    expect(body).toContain('nodeName: store12-edge-02');
    expect(body).toContain("certificate's CN must equal the node name store12-edge-02");
    const yaml = /cat > nodeConfig.yaml <<'NODECONFIG_EOF'\\n([\s\S]*?)\\nNODECONFIG_EOF/.exec(body)?.[1];
    expect(yaml).toBeDefined();
    t.sim.control.bootstrapHost('store12-edge-02', {
      nodeConfig: JSON.parse(`"${yaml}"`),
      kubernetesVersion: '1.31',
    });
    await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('joined *demo* as node `store12-edge-02`'),
      20_000,
    );
  }, 30_000);

  it('answers one clear message when the address is outside the remote node networks', async () => {
    await t.command('host register plant3-edge-04 --cluster demo --site plant-3 --ip 192.168.50.10');
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('outside the remote node networks'),
    );
    expect(reply.args.response_type).toBe('ephemeral');
    expect(text(reply)).toContain('10.80.0.0/16');
  });

  it('refuses a name already registered and a cluster not enabled for hybrid nodes', async () => {
    await t.command('host register store12-edge-01 --cluster demo --site store-12 --ip 10.80.1.11');
    await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('already registered'));
    await t.command('host register store12-edge-03 --cluster legacy --site store-12 --ip 10.80.1.13');
    await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('not enabled for hybrid nodes'));
  });

  it('refuses viewers', async () => {
    const res = await t.command('host register x --cluster demo --site s --ip 10.80.1.99', {
      user: 'U0VIEWER',
    });
    expect(text({ args: res.json() })).toContain('needs the *operator* role');
  });
});
