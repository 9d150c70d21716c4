import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { instructionsFor } from '../../scripts/lib/instructions-sent';
import { decodeSlackEntities } from '../../sim/console/mrkdwn';
import { DEMO_SCENARIO_PATH } from '../../sim/scenario/load-scenario';
import type { ScenarioInput } from '../../sim/scenario/schema';
import { ClusterInfoCache } from '../../src/adapters/redis/inventory-cluster-info';
import { kubeGet } from '../sim/kube-reader';
import { buttonClick, buttonsIn, viewSubmission } from './hosts-support';
import type { SlackSide } from './test-bot';
import { until } from './until';

export const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);

/** The demo world with `count` amd64 Ubuntu hosts at store 20, inside demo's remote node networks. */
export function poolScenario(count: number, extra: Partial<ScenarioInput> = {}): ScenarioInput {
  const demo = parse(readFileSync(DEMO_SCENARIO_PATH, 'utf8')) as ScenarioInput;
  const hosts = Array.from({ length: count }, (_, i) => ({
    name: edgeHost(i + 1),
    site: 'store-20',
    ip: `10.80.20.${i + 11}`,
    arch: 'amd64' as const,
    os: 'ubuntu-22.04' as const,
  }));
  return { ...demo, hosts, ...extra };
}

export const edgeHost = (n: number) => `store20-edge-${String(n).padStart(2, '0')}`;

/** The commands of the bootstrap the requester was sent privately, as they would paste them. */
export function bootstrapScript(call: { args: Record<string, unknown> }): string {
  const blocks = (call.args.blocks ?? []) as { text?: { text?: string } }[];
  const code = blocks.map((b) => b.text?.text ?? '').find((t) => t.startsWith('```'));
  if (!code) throw new Error('no commands in the bootstrap message');
  return decodeSlackEntities(code.replace(/^```\n?/, '').replace(/\n?```$/, ''));
}

/** `/hybrid host register` as the operator, then its bootstrap run at the host as root; returns the instance ID. */
export async function registerAtHost(t: SlackSide, name: string, ip: string, flags = ''): Promise<string> {
  await t.command(`host register ${name} --cluster demo --site store-20 --ip ${ip} ${flags}`, {
    user: 'U0OPERATOR',
  });
  return bootstrapAtHost(t, name);
}

/** Runs the bootstrap the operator was sent privately at the host; waits for the bot to see it registered. */
export async function bootstrapAtHost(t: SlackSide, name: string): Promise<string> {
  const dm = await t.waitForCall(
    (c) => c.kind === 'response_url' && text(c).includes(`Bootstrap ${name}`),
    20_000,
  );
  const ran = await t.sim.control.runOnHost(name, bootstrapScript(dm));
  if (ran.exitCode !== 0) throw new Error(`bootstrap of ${name} failed: ${ran.stderr}`);
  if (!ran.managedInstanceId) throw new Error(`${name} did not register with SSM`);
  // The bot learns of the registration from SSM (its watch): pool commands check the inventory.
  await t.waitForCall((c) => text(c).includes(`${name}* registered as \`${ran.managedInstanceId}\``), 30_000);
  return ran.managedInstanceId;
}

/**
 * The bulk form as the operator submits it, then at each host what the sandbox runs for them (the
 * console's Simulator panel, `npm run sim-host -- bootstrap`): the host's line of the shared file put
 * into the commands of its message. Waits for the bot to see each host registered; returns instance IDs.
 */
export async function registerInBulkAtHosts(
  t: SlackSide,
  hosts: { name: string; ip: string }[],
): Promise<Map<string, string>> {
  // The form checks rows against the cluster's facts, which the first reconcile learns.
  await until('the facts of demo', () => new ClusterInfoCache(t.inspect).get('demo'));
  const csv = ['name,site,ip', ...hosts.map((h) => `${h.name},store-20,${h.ip}`)].join('\n');
  await t.interaction(
    viewSubmission('U0OPERATOR', 'host_register_bulk', { cluster: { selected: 'demo' }, k8s: '', csv }),
  );
  await t.waitForCall((c) => c.method === 'files.completeUploadExternal', 30_000);
  const ids = new Map<string, string>();
  for (const { name } of hosts) {
    const found = instructionsFor(t.slack.calls(), name);
    if (!found) throw new Error(`no bulk bootstrap for ${name}`);
    const ran = found.script
      ? await t.sim.control.runOnHost(name, found.script)
      : { exitCode: 0, stderr: '', ...t.sim.control.bootstrapHost(name, found) };
    if (ran.exitCode !== 0) throw new Error(`bootstrap of ${name} failed: ${ran.stderr}`);
    if (!ran.managedInstanceId) throw new Error(`${name} did not register with SSM`);
    await t.waitForCall(
      (c) => text(c).includes(`${name}* registered as \`${ran.managedInstanceId}\``),
      30_000,
    );
    ids.set(name, ran.managedInstanceId);
  }
  return ids;
}

/** Approves the change whose request (in `channel`) names `title`, as the approver. */
export async function approveChange(t: SlackSide, title: string, channel = 'C0OPS') {
  const request = await t.waitForCall(
    (c) => c.method === 'chat.postMessage' && c.args.channel === channel && text(c).includes(title),
    30_000,
  );
  const [approve] = buttonsIn(request.args);
  await t.interaction(
    buttonClick('U0APPROVER', approve as never, {
      messageTs: '1700000001.000300',
      responseUrl: t.slack.responseUrl(),
    }),
  );
  return request;
}

/** A Node as the tests read it back from the simulated API server. */
export interface NodeJson {
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  status: { nodeInfo: { kubeletVersion: string }; conditions: { type: string; status: string }[] };
}

/** The nodes carrying a pool's label, as `kubectl get nodes -l hybrid-bot.io/pool=<pool>` lists them. */
export async function poolNodesOf(
  t: Pick<SlackSide, 'sim'>,
  pool: string,
  cluster = 'demo',
): Promise<NodeJson[]> {
  const selector = encodeURIComponent(`hybrid-bot.io/pool=${pool}`);
  return (await kubeGet(t.sim, cluster, `/api/v1/nodes?labelSelector=${selector}`)).items as NodeJson[];
}

/**
 * Publishes `name@version` through the profile form, as an operator fills it: Kubernetes `k8s`,
 * the host's own OS, the distro's containerd, and the kubelet settings given (YAML, may be '').
 */
export async function publishProfileVersion(
  t: SlackSide,
  p: { name: string; version: string; k8s: string; kubelet: string },
): Promise<void> {
  const form = viewSubmission('U0OPERATOR', 'profile_form', {
    name: p.name,
    version: p.version,
    description: '',
    k8s: { selected: p.k8s },
    os_mode: { selected: 'agent' },
    image: '',
    containerd_source: { selected: 'distro' },
    kubelet: p.kubelet,
    containerd: '',
  }) as { view: { private_metadata: string } };
  form.view.private_metadata = JSON.stringify({ channel: 'C0OPS', mode: 'create' });
  await t.interaction(form);
  await t.waitForCall((c) => text(c).includes(`${p.name}@${p.version}* created`), 20_000);
}
