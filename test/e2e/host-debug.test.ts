import type { SlackCall } from '../../sim/slack/fake-slack';
import { kubeGet } from '../sim/kube-reader';
import { readHost } from '../support/host-records';
import { buttonClick, buttonsIn, hostsFile, movableClock, viewSubmission } from '../support/hosts-support';
import { approveChange, bootstrapScript } from '../support/pool-support';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';
import { joinAtHost, readNode } from './host-join-support';

// One bot for the file: an SSM host joined once, then diagnosed healthy, with a crash-looping
// kubelet, unreachable; an IAM Roles Anywhere host and a host not yet registered answered without SSM,
// and one diagnosed by hand: the command sent run at the host, its output uploaded through the form.
let t: TestBot;
const HOST = 'store12-edge-01';
let instanceId: string;

// The bot's clock, moved past the grace period of pods left Terminating on a NotReady node.
const clock = movableClock();

beforeAll(async () => {
  t = await startTestBot({ file: hostsFile({ pools: { pollMinMs: 100, pollMaxMs: 400 } }), clock });
  await joinAtHost(t, HOST, '--site store-12 --ip 10.80.1.11');
  instanceId = await until('the inventory to know the managed instance', async () => {
    const h = await readHost(t.inspect, HOST);
    return h.status === 'joined' ? h.managedInstanceId : undefined;
  });
}, 60_000);
afterAll(async () => {
  await t.stop();
});

const text = (c: SlackCall) => JSON.stringify(c.args);
const sendCommands = () =>
  Object.entries((t.sim.control.effects() as Record<string, Record<string, number>>)[HOST] ?? {})
    .filter(([verb]) => verb.startsWith('SendCommand') && verb.includes('hybrid-bot: nodeadm-debug'))
    .reduce((n, [, count]) => n + count, 0);

/** The summary that replaced the "Diagnosing…" message in the cluster's channel. */
const summary = (match: string) =>
  t.waitForCall(
    (c) =>
      (c.method === 'chat.update' || c.method === 'chat.postMessage') &&
      c.args.channel === 'C0OPS' &&
      text(c).includes(`Host debug: ${HOST}`) &&
      !text(c).includes('Diagnosing') &&
      text(c).includes(match),
    30_000,
  );

const restarts = (service: string) =>
  Object.entries((t.sim.control.effects() as Record<string, Record<string, number>>)[HOST] ?? {})
    .filter(([verb]) => verb.startsWith('SendCommand') && verb.includes(`systemctl restart ${service}`))
    .reduce((n, [, count]) => n + count, 0);
const nodeReady = () => t.sim.control.state().nodes.find((n) => n.name === instanceId)?.ready;

describe('/hybrid host restart', () => {
  it('restarts a crash-looping kubelet once an approver approves: one Run Command, the node Ready again', async () => {
    t.slack.clear();
    t.sim.control.clearEffects();
    t.sim.control.setHostFaults(HOST, { faults: ['kubelet-crashloop'] });
    await until('the node to go NotReady', () => nodeReady() === false);
    await t.command(`host restart ${HOST} kubelet`, { user: 'U0OPERATOR' });
    const request = await approveChange(t, `Restart kubelet on host ${HOST}`);
    expect(text(request)).toContain('systemctl restart kubelet');
    expect(text(request)).toContain('site store-12');
    expect(text(request)).toContain('it was NotReady when this was planned');
    await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        text(c).includes(`Restart kubelet on host ${HOST}`) &&
        /Done/.test(text(c)),
      30_000,
    );
    expect(nodeReady()).toBe(true);
    expect(restarts('kubelet')).toBe(1);
  }, 60_000);

  it('refuses a service it cannot restart, and an approver is never asked', async () => {
    t.slack.clear();
    await t.command(`host restart ${HOST} sshd`, { user: 'U0OPERATOR' });
    const answer = await t.waitForCall((c) => text(c).includes('cannot be restarted by the bot'), 20_000);
    expect(text(answer)).toContain('kubelet, containerd');
  });
});

describe('/hybrid host reboot', () => {
  const effectsOf = () => (t.sim.control.effects() as Record<string, Record<string, number>>)[HOST] ?? {};
  const rebootCommands = () =>
    Object.entries(effectsOf())
      .filter(([verb]) => verb.startsWith('SendCommand') && verb.includes('/proc/sys/kernel/random/boot_id'))
      .reduce((n, [, count]) => n + count, 0);
  const bootId = async () =>
    (await t.sim.control.runOnHost(HOST, 'cat /proc/sys/kernel/random/boot_id')).stdout;

  type Pod = { metadata: { namespace: string; name: string; ownerReferences?: { kind: string }[] } };
  /** The pods a drain evicts from the node (DaemonSet pods stay). */
  const evictablePodsOnNode = async (): Promise<string[]> =>
    (await kubeGet(t.sim, 'demo', `/api/v1/pods?fieldSelector=spec.nodeName%3D${instanceId}`)).items
      .filter((p: Pod) => !p.metadata.ownerReferences?.some((o) => o.kind === 'DaemonSet'))
      .map((p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`);

  it('reboots a host whose kubelet crash-loops once an approver approves: drained (its pods left Terminating, named), one Run Command, Ready on a new boot, uncordoned, the pods gone', async () => {
    t.slack.clear();
    t.sim.control.clearEffects();
    const bootBefore = await bootId();
    const evicted = await until('the point-of-sale pods on the node', async () => {
      const pods = await evictablePodsOnNode();
      return pods.some((p) => p.startsWith('retail/store-pos-')) ? pods : undefined;
    });
    t.sim.control.setHostFaults(HOST, { faults: ['kubelet-crashloop'] });
    await until('the node to go NotReady', () => nodeReady() === false);
    await t.command(`host reboot ${HOST}`, { user: 'U0OPERATOR' });
    const request = await approveChange(t, `Reboot host ${HOST}`);
    expect(text(request)).toContain(`${HOST} (\`${instanceId}\`) at site store-12`);
    expect(text(request)).toContain('it was NotReady when this was planned');
    expect(text(request)).toMatch(/drain it: \d+ pods? evicted/);
    expect(text(request)).toContain('the host goes down');
    // No kubelet ends the evicted pods: the drain waits out their grace period and its margin, then goes on.
    await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes('still terminating; the node is NotReady'),
      20_000,
    );
    expect(await evictablePodsOnNode()).toEqual(evicted);
    clock.advance(30_000 + 61_000);
    const done = await t.waitForCall(
      (c) => c.method === 'chat.update' && text(c).includes(`Reboot host ${HOST}`) && /Done/.test(text(c)),
      45_000,
    );
    const leftNote = `${evicted.length} pod${evicted.length === 1 ? '' : 's'} left Terminating on NotReady node \`${instanceId}\``;
    expect(text(done)).toMatch(/Drain node [^:]+: \d+ pods? evicted/);
    expect(text(done)).toContain(leftNote);
    const note = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && Boolean(c.args.thread_ts) && text(c).includes(leftNote),
    );
    for (const pod of evicted) expect(text(note)).toContain(`\`${pod}\``);
    expect(text(note)).toContain('when its kubelet returns');
    // The kubelet of the new boot ended them.
    expect((await evictablePodsOnNode()).filter((p) => evicted.includes(p))).toEqual([]);
    const node = await readNode(t, instanceId);
    expect(node).toMatchObject({ ready: true, unschedulable: false });
    expect(node?.bootId).not.toBe(bootBefore);
    expect(node?.bootId).toBe(await bootId());
    expect(rebootCommands()).toBe(1);
    expect(effectsOf().reboot).toBe(1);
    expect(t.sim.control.hostFaults(HOST).faults).toEqual([]);
  }, 60_000);
  it('offers Reboot host under the diagnostics: a click proposes the reboot as the clicker, for an approver', async () => {
    t.slack.clear();
    await t.command(`host debug ${HOST}`, { user: 'U0OPERATOR' });
    const done = await summary(instanceId);
    const reboot = buttonsIn(done.args).find((b) => (b as { action_id: string }).action_id === 'host_reboot');
    expect(reboot).toMatchObject({ text: { text: 'Reboot host' } });
    await t.interaction(buttonClick('U0OPERATOR', reboot as never, { responseUrl: t.slack.responseUrl() }));
    const request = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        !c.args.thread_ts &&
        text(c).includes(`Reboot host ${HOST}`) &&
        text(c).includes('Approve'),
      20_000,
    );
    expect(text(request)).toContain('<@U0OPERATOR>');
    expect(text(request)).toContain('it was Ready when this was planned');
    // Rejected, so the host stays free for the next request.
    const [, reject] = buttonsIn(request.args);
    await t.interaction(
      buttonClick('U0APPROVER', reject as never, {
        messageTs: '1700000001.000400',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('Rejected'));
  }, 40_000);
});

describe('/hybrid host debug', () => {
  it('diagnoses a host whose kubelet crash-loops: the summary in the channel, the full output in its thread, one Run Command', async () => {
    t.slack.clear();
    t.sim.control.clearEffects();
    t.sim.control.setHostFaults(HOST, { faults: ['kubelet-crashloop'] });
    await t.command(`host debug ${HOST}`, { user: 'U0OPERATOR' });
    const reply = await t.waitForCall((c) => text(c).includes(`Diagnosing ${HOST}`), 20_000);
    expect(text(reply)).toContain(instanceId);
    // The "Diagnosing…" message, or the summary straight away when the command ended first: its thread gets the file.
    const first = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0OPS' &&
        text(c).includes(`Host debug: ${HOST}`),
      20_000,
    );
    const done = await summary('kubelet (activating)');
    // nodeadm's failing check comes with its own remediation text.
    // nodeadm's failing check, as the Run Command's summary names it.
    expect(done.args.text).toContain('failed: Validating active node status in Kubernetes cluster');
    expect(text(done)).toContain(':x:');
    expect(text(done)).toContain('_Fix:_');
    const file = await t.waitForCall((c) => c.method === 'files.completeUploadExternal', 20_000);
    expect(file.args.channel_id).toBe('C0OPS');
    expect(file.args.thread_ts).toBe((first.result as { ts: string }).ts);
    expect(sendCommands()).toBe(1);

    // Its Restart kubelet button proposes the change, as the clicker, for an approver.
    const restart = buttonsIn(done.args).find(
      (b) => (b as { action_id: string }).action_id === 'host_restart_kubelet',
    );
    expect(restart).toBeDefined();
    await t.interaction(buttonClick('U0OPERATOR', restart as never, { responseUrl: t.slack.responseUrl() }));
    const request = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        !c.args.thread_ts &&
        text(c).includes(`Restart kubelet on host ${HOST}`) &&
        text(c).includes('Approve'),
      20_000,
    );
    expect(text(request)).toContain('<@U0OPERATOR>');
  }, 60_000);

  it('answers from SSM alone when the host is unreachable: no Run Command is sent', async () => {
    t.slack.clear();
    t.sim.control.clearEffects();
    t.sim.control.setHostFaults(HOST, { faults: [] });
    t.sim.control.setSiteOutage('store-12', true);
    try {
      await until('SSM to see the host out of contact', async () => {
        const { managedInstances } = t.sim.control.state();
        return managedInstances.find((i) => i.instanceId === instanceId)?.pingStatus === 'ConnectionLost';
      });
      await t.command(`host debug ${HOST}`, { user: 'U0OPERATOR' });
      const answer = await t.waitForCall((c) => text(c).includes('The host itself is unreachable'), 20_000);
      expect(text(answer)).toContain('power or network at site store-12');
      expect(sendCommands()).toBe(0);
    } finally {
      t.sim.control.setSiteOutage('store-12', false);
    }
  });

  it('tells the requester, privately, what to run on an IAM Roles Anywhere host', async () => {
    await t.command(
      'host register store12-edge-02 --cluster demo --site store-12 --ip 10.80.1.12 --auth iam-ra',
      {
        user: 'U0OPERATOR',
      },
    );
    await until('the host in the inventory', async () => (await readHost(t.inspect, 'store12-edge-02')).name);
    t.slack.clear();
    await t.command('host debug store12-edge-02', { user: 'U0OPERATOR' });
    const answer = await t.waitForCall((c) => text(c).includes('has no SSM agent'), 20_000);
    expect(answer.kind).toBe('response_url');
    expect(text(answer)).toContain('nodeadm debug -c file://');

    // A reboot by hand: its drain goes past pods a NotReady node's kubelet cannot end, as the bot's does.
    await t.command('host reboot store12-edge-02', { user: 'U0OPERATOR' });
    const reboot = await t.waitForCall((c) => text(c).includes('Reboot it by hand'), 20_000);
    expect(text(reboot)).toContain(
      '--ignore-daemonsets --delete-emptydir-data --skip-wait-for-delete-timeout=60`',
    );
  });

  it('reads the output an IAM Roles Anywhere host wrote by hand and uploaded: the same summary, secrets redacted', async () => {
    const IAM_HOST = 'store12-edge-03';
    await joinAtHost(t, IAM_HOST, '--site store-12 --ip 10.80.1.13 --auth iam-ra');
    t.sim.control.setHostFaults(IAM_HOST, { faults: ['kubelet-crashloop'] });
    t.slack.clear();
    await t.command(`host debug ${IAM_HOST}`, { user: 'U0OPERATOR' });
    const byHand = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('Upload output') && text(c).includes(IAM_HOST),
      20_000,
    );
    expect(byHand.args.response_type).toBe('ephemeral');

    // At the host, as root: the one command as sent; then the file it wrote, as its operator copies it.
    const ran = await t.sim.control.runOnHost(IAM_HOST, bootstrapScript(byHand));
    expect(ran.exitCode).toBe(0);
    const written = await t.sim.control.runOnHost(IAM_HOST, `cat /root/hybrid-debug-${IAM_HOST}.txt`);
    expect(written.stdout).toContain('=== hybrid-bot: kubelet-journal ===');
    // A secret the host logged, in the kubelet's journal the summary quotes.
    const secret = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');
    const output = written.stdout.replace(
      '\n=== hybrid-bot: pressure ===',
      `\nE1207 14:02:11.512345    2211 credentials.go:88] failed to refresh: aws_secret_access_key=${secret}\n=== hybrid-bot: pressure ===`,
    );
    expect(output).toContain(secret);
    const file = t.slack.shareFile({
      name: `hybrid-debug-${IAM_HOST}.txt`,
      content: output,
      user: 'U0OPERATOR',
    });

    const upload = buttonsIn(byHand.args).find(
      (b) => (b as { action_id: string }).action_id === 'host_debug_upload',
    );
    expect(upload).toBeDefined();
    await t.interaction(buttonClick('U0OPERATOR', upload as never, { responseUrl: t.slack.responseUrl() }));
    const opened = await t.waitForCall(
      (c) => c.method === 'views.open' && text(c).includes('host_debug_upload'),
      20_000,
    );
    const form = opened.args.view as { callback_id: string; private_metadata: string };
    const submission = viewSubmission('U0OPERATOR', form.callback_id, {}) as {
      view: { private_metadata: string; state: unknown };
    };
    submission.view.private_metadata = form.private_metadata;
    // The file_input's state as Slack sends it: the uploaded file's object.
    submission.view.state = { values: { debug_output: { file: { type: 'file_input', files: [file] } } } };
    const ack = await t.interaction(submission);
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');

    const done = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0OPS' &&
        text(c).includes(`Host debug: ${IAM_HOST}`) &&
        text(c).includes('failed:'),
      30_000,
    );
    // nodeadm's failing check, as the Run Command's summary names it.
    expect(done.args.text).toContain('failed: Validating active node status in Kubernetes cluster');
    expect(text(done)).toContain(':x:');
    expect(text(done)).toContain('Not active: kubelet (activating).');
    expect(text(done)).toContain('failed to refresh: aws_secret_access_key=[redacted]');
    expect(text(done)).toContain('`systemctl restart kubelet`');
    expect(text(done)).toContain('uploaded by <@U0OPERATOR>');
    expect(buttonsIn(done.args)).toHaveLength(0);
    const shared = await t.waitForCall((c) => c.method === 'files.completeUploadExternal', 20_000);
    expect(shared.args.channel_id).toBe('C0OPS');
    expect(shared.args.thread_ts).toBe((done.result as { ts: string }).ts);
    const fullOutput = t.slack.file((shared.args.files as { id: string }[])[0]?.id ?? '')?.content ?? '';
    expect(fullOutput).toContain('=== hybrid-bot: versions ===');
    for (const c of t.slack.calls()) expect(JSON.stringify(c.args)).not.toContain(secret);
    expect(fullOutput).not.toContain(secret);
  }, 90_000);

  it('refuses a host that has not registered yet, saying what to do', async () => {
    await t.command(
      'host register store12-edge-04 --cluster demo --site store-12 --ip 10.80.1.14 --arch arm64',
      {
        user: 'U0OPERATOR',
      },
    );
    await until('the host in the inventory', async () => (await readHost(t.inspect, 'store12-edge-04')).name);
    t.slack.clear();
    await t.command('host debug store12-edge-04', { user: 'U0OPERATOR' });
    const answer = await t.waitForCall((c) => text(c).includes('has not registered with SSM yet'), 20_000);
    expect(text(answer)).toContain('run its bootstrap first');
  });
});
