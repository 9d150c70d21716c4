import { decodeSlackEntities } from '../../sim/console/mrkdwn';
import { readHost } from '../support/host-records';
import { hostsFile, IAM_RA_CLUSTER, nodeConfigIn, secretsIn } from '../support/hosts-support';
import { everyRedisValue } from '../support/redis-values';
import { startTestBot, type TestBot } from '../support/test-bot';
import { backgroundQueue } from './host-join-support';

let t: TestBot;
let queue: ReturnType<typeof backgroundQueue>;
beforeAll(async () => {
  t = await startTestBot({ file: hostsFile() });
  queue = backgroundQueue(t);
});
afterAll(async () => {
  await queue.close();
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);

/** The shell lines of the bootstrap's code block, as the requester would copy them. */
function commandsIn(call: { args: Record<string, unknown> }): string[] {
  const blocks = (call.args.blocks ?? []) as { text?: { text?: string } }[];
  const code = blocks.map((b) => b.text?.text ?? '').find((t) => t.startsWith('```'));
  if (!code) throw new Error(`no commands in ${text(call).slice(0, 300)}`);
  return decodeSlackEntities(code.replace(/^```|```$/g, '')).split('\n');
}

const channelPosts = () =>
  t.slack.calls().filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0OPS');

/** Watches of this host that wait for a node (scheduled once it registered with --join). */
async function joinWatches(host: string) {
  const jobs = await queue.background.getJobs(['waiting', 'delayed', 'active', 'completed']);
  return jobs.filter((j) => j.name === 'host-watch' && j.data.host === host && j.data.instanceId);
}

describe('/hybrid host register (text form)', () => {
  it('registers an SSM host without joining: the agent registered, the credentials part left on the host, then "can go into a pool"', async () => {
    await t.command('host register store12-edge-01 --cluster demo --site store-12 --ip 10.80.1.11');
    const secret = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('activationCode'),
    );
    expect(secret.args.response_type).toBe('ephemeral');
    const { activationId, activationCode } = secretsIn(text(secret));
    expect(commandsIn(secret)).toEqual([
      'nodeadm install 1.31 --credential-provider ssm',
      'mkdir -p /etc/hybrid-bot',
      "(umask 077 && cat > /etc/hybrid-bot/credentials.yaml <<'EOF'",
      '  hybrid:',
      '    ssm:',
      `      activationCode: ${activationCode}`,
      `      activationId: ${activationId}`,
      'EOF',
      ')',
      `amazon-ssm-agent -register -code "${activationCode}" -id "${activationId}" -region "us-west-2" -y`,
      'systemctl restart amazon-ssm-agent',
    ]);
    expect(text(secret)).toContain('registration only: a pool joins it later');

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

    // What the bootstrap does at the host: the SSM agent registers with the activation, no NodeConfig.
    t.sim.control.bootstrapHost('store12-edge-01', { activationId, activationCode });
    const registered = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('store12-edge-01* registered as `mi-'),
      20_000,
    );
    expect(registered.args.channel).toBe('C0OPS');
    expect(text(registered)).toContain(
      'It can go into a pool: `/hybrid pool create &lt;pool&gt; --cluster demo --profile &lt;profile&gt; --hosts store12-edge-01` or `/hybrid pool add &lt;pool&gt; --hosts store12-edge-01`',
    );
    const after = await readHost(t.inspect, 'store12-edge-01');
    expect(after.status).toBe('registered');
    expect(after.managedInstanceId).toMatch(/^mi-/);
    // Registered is the end of it: no watch waits for a node.
    await queue.watchEnded('store12-edge-01', 'registered');
    expect(await joinWatches('store12-edge-01')).toEqual([]);

    // The code went to the requester and the host only.
    for (const post of channelPosts()) expect(text(post)).not.toContain(activationCode);
    expect(t.logLines.join('\n')).not.toContain(activationCode);
    // Stored job data, the audit stream and the inventory are all in Redis.
    expect(await everyRedisValue(t.inspect)).not.toContain(activationCode);
    expect(JSON.stringify(t.sim.control.effects())).not.toContain(activationCode);
  }, 30_000);

  it('--join keeps the one-step bootstrap: nodeadm install and init, and a watch until the node joins', async () => {
    await t.command('host register plant3-edge-01 --cluster demo --site plant-3 --ip 10.80.2.21 --join');
    const secret = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('Bootstrap plant3-edge-01'),
    );
    const commands = commandsIn(secret);
    expect(commands[0]).toBe('nodeadm install 1.31 --credential-provider ssm');
    expect(commands.at(-1)).toBe('nodeadm init -c file:///etc/hybrid-bot/nodeconfig.yaml');
    // The whole NodeConfig in one file, where `host debug` finds it; no separate credentials part.
    expect(commands).toContain('mkdir -p /etc/hybrid-bot');
    expect(commands.join('\n')).not.toContain('credentials.yaml');
    const start = commands.indexOf("(umask 077 && cat > /etc/hybrid-bot/nodeconfig.yaml <<'NODECONFIG_EOF'");
    const nodeConfig = commands.slice(start + 1, commands.indexOf('NODECONFIG_EOF')).join('\n');
    const { activationCode } = secretsIn(text(secret));

    const result = t.sim.control.bootstrapHost('plant3-edge-01', {
      ...secretsIn(text(secret)),
      nodeConfig,
      kubernetesVersion: '1.31',
    });
    const registered = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('plant3-edge-01* registered as `mi-'),
      20_000,
    );
    expect(text(registered)).not.toContain('pool');
    await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        text(c).includes(`plant3-edge-01* joined *demo* as node \`${result.nodeName}\``),
      20_000,
    );
    expect((await joinWatches('plant3-edge-01')).length).toBeGreaterThan(0);
    expect(await readHost(t.inspect, 'plant3-edge-01')).toMatchObject({ join: true });
    for (const post of channelPosts()) expect(text(post)).not.toContain(activationCode);
  }, 30_000);

  it('records an IAM Roles Anywhere host as registered at once, and tells the requester where the certificate and key go', async () => {
    await t.command(
      'host register plant3-edge-03 --cluster demo --site plant-3 --ip 10.80.2.23 --arch arm64 --auth iam-ra',
    );
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('Bootstrap plant3-edge-03'),
    );
    const body = text(reply);
    expect(body).toContain('/etc/iam/pki/server.pem');
    expect(body).toContain('/etc/iam/pki/server.key');
    expect(body).toContain("certificate's CN must equal the node name plant3-edge-03");
    expect(commandsIn(reply).join('\n')).not.toContain('nodeadm');
    expect(body).not.toContain(IAM_RA_CLUSTER.iamRolesAnywhere.trustAnchorArn);
    await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0OPS' &&
        text(c).includes(
          'plant3-edge-03* (plant-3, 10.80.2.23) was registered for *demo* with IAM Roles Anywhere',
        ) &&
        text(c).includes('/hybrid pool add &lt;pool&gt; --hosts plant3-edge-03'),
    );
    expect(await readHost(t.inspect, 'plant3-edge-03')).toMatchObject({
      status: 'registered',
      auth: 'iam-ra',
    });
    // The bot cannot reach it: nothing to watch.
    const watches = await queue.background.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(watches.filter((j) => j.name === 'host-watch' && j.data.host === 'plant3-edge-03')).toEqual([]);

    await t.command('hosts --status registered --cluster demo');
    await t.waitForCall(
      (c) => c.kind === 'response_url' && /plant3-edge-03\* · [^\n]* · registered/.test(text(c)),
    );
  }, 30_000);

  it('--join prepares an IAM Roles Anywhere host with the certificate CN warning, and sees the node join', async () => {
    await t.command(
      `host register store12-edge-02 --cluster demo --site store-12 --ip 10.80.1.12 --auth iam-ra --join`,
    );
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('iamRolesAnywhere'),
    );
    const body = text(reply);
    expect(body).toContain(IAM_RA_CLUSTER.iamRolesAnywhere.trustAnchorArn);
    expect(body).toContain('nodeName: store12-edge-02');
    expect(body).toContain("certificate's CN must equal the node name store12-edge-02");
    expect(await readHost(t.inspect, 'store12-edge-02')).toMatchObject({ status: 'activation-pending' });
    const yaml = nodeConfigIn(body);
    expect(yaml).toBeDefined();
    t.sim.control.bootstrapHost('store12-edge-02', {
      nodeConfig: yaml!,
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
