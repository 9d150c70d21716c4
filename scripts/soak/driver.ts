import { parse } from 'yaml';
import type { SlackCall } from '../../sim/slack/fake-slack';
import { ChangeStore } from '../../src/adapters/redis/change-store';
import type { ChangeRecord } from '../../src/domain/changes/change';
import { buttonClick, secretsIn } from '../../test/support/hosts-support';
import { bootstrapScript } from '../../test/support/pool-support';
import { interactionBody, slashCommandBody } from '../../test/support/slack-requests';
import type { SoakHost, SoakWorld } from './soak-world';

/** One request the driver sent as Slack would, and how the bot's web side took it. */
export interface SentRequest {
  kind: 'command' | 'click';
  what: string;
  responseUrl: string;
  /** The HTTP status of the ack (after Slack's retries), or 0 when no web process answered. */
  status: number;
  at: number;
}

/** The nodeadm verbs a host's changes run, each counted by the simulator per host. */
export const NODEADM_VERBS = ['install', 'init', 'upgrade', 'uninstall'] as const;
export type Verb = (typeof NODEADM_VERBS)[number];

/** How a change the driver asked for ended, for its hosts. */
type Outcome = 'done' | 'untouched' | 'unsettled';

/** removed: out of a pool, which deregistered it from SSM; `host reissue` registers it again. */
type HostState = 'free' | 'registered' | 'pooled' | 'busy' | 'stuck' | 'removed';

interface Pool {
  name: string;
  cluster: string;
  hosts: string[];
  version: '1.0.0' | '1.1.0';
}

/** What the driver did and what the bot must have done for it: the checks read it at the end. */
export interface DriverLedger {
  requests: SentRequest[];
  /** Per host, how many times each nodeadm verb ran in changes that ended done. */
  expected: Map<string, Record<Verb, number>>;
  /** Hosts of a change that did not end done: each verb may have run once more than expected. */
  unsettled: Set<string>;
  /** Activation codes the bot sent privately to the requester. */
  activationCodes: Set<string>;
  /** Changes the driver asked for, by ID, with how it decided. */
  changes: Map<string, { decision: 'approve' | 'reject' | 'none'; title: string }>;
  registrations: number;
  stuck: string[];
  errors: string[];
}

/** The clusters whose Cilium Helm owns (the others' Flux), by their pod network in the values. */
const HELM_CLUSTERS: Record<string, string> = { demo: '10.85.0.0/16', retail: '10.87.0.0/16' };

const FINAL = new Set(['done', 'rejected', 'expired', 'aborted', 'failed', 'rolled-back']);
const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];

/**
 * Keeps the bot busy as a platform team would, one loop per cluster: registering hosts, creating,
 * growing, shrinking, upgrading and deleting pools, setting the CNI layer, approving (sometimes
 * rejecting) through signed Slack requests and block actions as Slack sends them.
 */
export function startDriver(w: SoakWorld, hosts: SoakHost[], opts: { rejectRate?: number } = {}) {
  const ledger: DriverLedger = {
    requests: [],
    expected: new Map(),
    unsettled: new Set(),
    activationCodes: new Set(),
    changes: new Map(),
    registrations: 0,
    stuck: [],
    errors: [],
  };
  const rejectRate = opts.rejectRate ?? 0.15;
  const store = new ChangeStore(w.inspect);
  const state = new Map<string, HostState>(hosts.map((h) => [h.name, 'free']));
  const pools: Pool[] = [];
  let poolCount = 0;
  // Stopping: no new step; abandoned: the steps under way stop waiting too.
  let stopping = false;
  let abandoned = false;
  const cniSet = new Map<string, number>();

  async function post(kind: SentRequest['kind'], what: string, body: string, responseUrl: string) {
    const sent: SentRequest = { kind, what, responseUrl, status: 0, at: Date.now() };
    ledger.requests.push(sent);
    try {
      sent.status = (await w.post(body)).status;
    } catch {
      sent.status = 0;
    }
    return sent;
  }

  async function command(line: string, user = 'U0OPERATOR'): Promise<SentRequest> {
    const responseUrl = w.slack.responseUrl();
    return post('command', line, slashCommandBody({ text: line, user, responseUrl }), responseUrl);
  }

  /** Waits for a Slack call that matches, up to `ms`; undefined when none came. */
  async function callWithin(match: (c: SlackCall) => boolean, ms: number): Promise<SlackCall | undefined> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !abandoned) {
      const found = w.slack.calls().find((c) => c.status === 200 && match(c));
      if (found) return found;
      await sleep(250);
    }
    return undefined;
  }

  function expect(host: string, verbs: Verb[]) {
    const e = ledger.expected.get(host) ?? { install: 0, init: 0, upgrade: 0, uninstall: 0 };
    for (const v of verbs) e[v] += 1;
    ledger.expected.set(host, e);
  }

  async function register(h: SoakHost, again = false): Promise<void> {
    state.set(h.name, 'busy');
    const sent = await command(
      again
        ? `host reissue ${h.name} --cluster ${h.cluster}`
        : `host register ${h.name} --cluster ${h.cluster} --site ${h.site} --ip ${h.ip}`,
    );
    // Its answer: the bootstrap, sent privately, or (a while with no bootstrap after it) why not.
    const answers = () =>
      w.slack
        .calls()
        .filter((c) => c.kind === 'response_url' && c.status === 200 && sent.responseUrl.endsWith(c.method));
    // At its response_url, or (a reissue) privately by direct message.
    const bootstraps = () =>
      w.slack
        .calls()
        .filter(
          (c) =>
            c.status === 200 &&
            c.at >= sent.at &&
            !String(c.args.channel ?? '').startsWith('C') &&
            text(c).includes('activationCode') &&
            text(c).includes(h.name),
        );
    await callWithin(
      () => bootstraps().length > 0 || Date.now() - (answers()[0]?.at ?? Date.now()) > 15_000,
      180_000,
    );
    const dm = bootstraps()[0];
    if (!dm) {
      return stuck(
        h.name,
        `host ${again ? 'reissue' : 'register'} answered: ${String(answers()[0]?.args.text ?? 'nothing').slice(0, 200)}`,
      );
    }
    try {
      ledger.activationCodes.add(secretsIn(text(dm)).activationCode);
    } catch {
      // IAM Roles Anywhere hosts carry no activation: none here.
    }
    const ran = await w.sim.control.runOnHost(h.name, bootstrapScript(dm));
    if (ran.exitCode !== 0 || !ran.managedInstanceId) return stuck(h.name, `bootstrap failed: ${ran.stderr}`);
    ledger.registrations += 1;
    // The bootstrap installs nodeadm's SSM agent: `nodeadm install` once at registration.
    expect(h.name, ['install']);
    const seen = await callWithin(
      (c) => text(c).includes(`${h.name}* registered as \`${ran.managedInstanceId}\``),
      180_000,
    );
    if (!seen) return stuck(h.name, 'the bot did not see it registered');
    state.set(h.name, 'registered');
  }

  function stuck(host: string, why: string) {
    state.set(host, 'stuck');
    ledger.unsettled.add(host);
    ledger.stuck.push(`${host}: ${why}`);
  }

  /** The change a command just asked for: the newest of the target's, created after `since`. */
  async function changeFor(
    since: number,
    matches: (c: ChangeRecord) => boolean,
    sent: SentRequest,
  ): Promise<ChangeRecord | undefined> {
    // Under chaos the command may wait for a worker a while (one killed, Slack or AWS down).
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline && !abandoned) {
      const found = (await store.list(200)).find(
        (c) => c.createdAt >= since - 1000 && !ledger.changes.has(c.id) && matches(c),
      );
      if (found) return found;
      // Refused: the bot answered why (❌), and no change was made.
      const refused = w.slack
        .calls()
        .some(
          (c) => c.kind === 'response_url' && sent.responseUrl.endsWith(c.method) && text(c).includes(':x:'),
        );
      if (refused) return undefined;
      await sleep(500);
    }
    return undefined;
  }

  async function click(change: ChangeRecord, actionId: string, what: string, user = 'U0APPROVER') {
    // The approver clicks on the request in the channel: it must have arrived there first.
    const request = await callWithin(
      (c) =>
        c.method === 'chat.postMessage' &&
        !c.args.thread_ts &&
        String(c.args.text ?? '').startsWith(`Change ${change.id}:`),
      240_000,
    );
    const ts = String(request?.result?.ts ?? `${Math.floor(Date.now() / 1000)}.000100`);
    const responseUrl = w.slack.responseUrl();
    const payload = buttonClick(
      user,
      { action_id: actionId, value: JSON.stringify({ id: change.id, planHash: change.planHash }) },
      { messageTs: ts, responseUrl },
    );
    await post('click', `${what} change ${change.id}`, interactionBody(payload), responseUrl);
  }

  /** Asks for a change, decides it, and waits for its end; whether it ended done. */
  async function change(
    line: string,
    matches: (c: ChangeRecord) => boolean,
    user?: string,
    /** What the requester does once it is approved (run the helm command they were sent). */
    approved?: (since: number) => Promise<void>,
  ): Promise<Outcome> {
    const since = Date.now();
    const sent = await command(line, user);
    const c = await changeFor(since, matches, sent);
    // Refused (the bot answered why) or never asked: nothing was changed.
    if (!c) return 'untouched';
    const decision = Math.random() < rejectRate ? 'reject' : 'approve';
    ledger.changes.set(c.id, { decision, title: c.title });
    const decidedAt = Date.now();
    await click(c, decision === 'approve' ? 'change_approve' : 'change_reject', decision);
    if (decision === 'approve' && approved) await approved(decidedAt);
    let retried = false;
    for (;;) {
      if (abandoned) return 'unsettled';
      const now = await store.get(c.id);
      if (now && FINAL.has(now.state)) {
        if (now.state === 'done') return 'done';
        return now.state === 'rejected' || now.state === 'expired' ? 'untouched' : 'unsettled';
      }
      if (now?.state === 'paused') {
        // A step failed (a fault): retry once, then give the change up.
        await click(c, retried ? 'change_abort' : 'change_retry', retried ? 'abort' : 'retry');
        retried = true;
        await waitLeaves(c.id, 'paused');
      }
      await sleep(1000);
    }
  }

  async function waitLeaves(id: string, from: string) {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !abandoned && (await store.get(id))?.state === from) await sleep(500);
  }

  const titled = (cluster: string, word: string) => (c: ChangeRecord) =>
    JSON.stringify(c.target).includes(cluster) && c.title.includes(word);

  function hostsIn(cluster: string, s: HostState) {
    return hosts.filter((h) => h.cluster === cluster && state.get(h.name) === s);
  }

  /**
   * After a change: done, its hosts move on and their verbs are expected; untouched (rejected,
   * expired, refused), they are as they were; otherwise their state is unknown and they are left alone.
   */
  function settle(names: string[], outcome: Outcome, verbs: Verb[], next: HostState, before: HostState) {
    for (const n of names) {
      if (outcome === 'done') expect(n, verbs);
      if (outcome === 'unsettled') ledger.unsettled.add(n);
      state.set(n, outcome === 'done' ? next : outcome === 'untouched' ? before : 'stuck');
    }
  }

  /** One thing a platform team does on a cluster, picked from what its state allows. */
  async function step(cluster: string): Promise<void> {
    const free = hostsIn(cluster, 'free');
    const registered = hostsIn(cluster, 'registered');
    const mine = pools.filter((p) => p.cluster === cluster);
    const options: (() => Promise<void>)[] = [];
    if (free.length > 0 && registered.length < 4) {
      options.push(async () => {
        const h = pick(free);
        if (h) await register(h);
      });
    }
    const removed = hostsIn(cluster, 'removed');
    if (removed.length > 0 && registered.length < 4) {
      options.push(async () => {
        const h = pick(removed);
        if (h) await register(h, true);
      });
    }
    if (mine.length < 2 && registered.length >= 2) {
      options.push(async () => {
        const chosen = registered.slice(0, 2).map((h) => h.name);
        const name = `${cluster}-p${++poolCount}`;
        for (const n of chosen) state.set(n, 'busy');
        const outcome = await change(
          `pool create ${name} --cluster ${cluster} --profile edge@1.0.0 --hosts ${chosen.join(',')}`,
          titled(cluster, name),
        );
        settle(chosen, outcome, ['install', 'init'], 'pooled', 'registered');
        if (outcome === 'done') pools.push({ name, cluster, hosts: chosen, version: '1.0.0' });
      });
    }
    const pool = pick(mine);
    if (pool && registered.length > 0) {
      options.push(async () => {
        const h = registered[0]?.name as string;
        state.set(h, 'busy');
        const outcome = await change(
          `pool add ${pool.name} --cluster ${cluster} --hosts ${h}`,
          titled(cluster, pool.name),
        );
        settle([h], outcome, ['install', 'init'], 'pooled', 'registered');
        if (outcome === 'done') pool.hosts.push(h);
      });
    }
    if (pool && pool.hosts.length >= 2) {
      options.push(async () => {
        const h = pool.hosts[pool.hosts.length - 1] as string;
        state.set(h, 'busy');
        const outcome = await change(
          `pool remove ${pool.name} --cluster ${cluster} --hosts ${h}`,
          titled(cluster, pool.name),
        );
        // nodeadm uninstall deregisters the host from SSM too: it is registered again before it is used.
        settle([h], outcome, ['uninstall'], 'removed', 'pooled');
        if (outcome !== 'untouched') pool.hosts = pool.hosts.filter((x) => x !== h);
      });
    }
    if (pool && pool.version === '1.0.0') {
      options.push(async () => {
        pools.splice(pools.indexOf(pool), 1);
        for (const n of pool.hosts) state.set(n, 'busy');
        const outcome = await change(
          `pool upgrade ${pool.name} --cluster ${cluster} --profile edge@1.1.0`,
          titled(cluster, pool.name),
        );
        settle(pool.hosts, outcome, ['upgrade'], 'pooled', 'pooled');
        if (outcome === 'done') pools.push({ ...pool, version: '1.1.0' });
        if (outcome === 'untouched') pools.push(pool);
      });
    }
    if (pool && pool.version === '1.1.0') {
      // An upgraded pool is retired, freeing its hosts for new pools.
      options.push(async () => {
        pools.splice(pools.indexOf(pool), 1);
        for (const n of pool.hosts) state.set(n, 'busy');
        const outcome = await change(
          // As an admin: the demo app's pods may run on the pool's last nodes.
          `pool delete ${pool.name} --cluster ${cluster} --force`,
          titled(cluster, pool.name),
          'U0ADMIN',
        );
        settle(pool.hosts, outcome, ['uninstall'], 'removed', 'pooled');
        if (outcome === 'untouched') pools.push(pool);
      });
    }
    if ((cniSet.get(cluster) ?? 0) < 3 && Math.random() < 0.3) {
      options.push(async () => {
        const n = (cniSet.get(cluster) ?? 0) + 1;
        cniSet.set(cluster, n);
        await change(
          // One operator replica: its replicas run one per hybrid node (required anti-affinity), and a
          // pool shrinking under the rollout would leave a second one Pending, the rollout waiting to
          // its limit. The bot does not refuse that plan yet (open); the soak needs its changes to end.
          `cni set ${cluster} --cilium 1.18.3-0 --set operator.replicas=1`,
          (c) => JSON.stringify(c.target).includes(cluster) && /cilium|cni/i.test(c.title),
          'U0ADMIN',
          HELM_CLUSTERS[cluster] ? (since) => runHelmCommand(cluster, since) : undefined,
        );
      });
    }
    const next = pick(options);
    if (next) await next();
    else await sleep(2000);
  }

  /**
   * Where Helm, not Flux, owns Cilium, the bot sends the admin the helm command and values.yaml
   * privately: the admin runs it (the simulator's helm), and the change sees the rollout.
   */
  async function runHelmCommand(cluster: string, since: number): Promise<void> {
    const podCidr = HELM_CLUSTERS[cluster] as string;
    const upload = await callWithin(
      (c) => c.kind === 'upload' && c.at >= since && String(c.args.content).includes(podCidr),
      240_000,
    );
    if (!upload) return;
    w.sim.control.helmUpgrade(cluster, {
      release: 'cilium',
      namespace: 'kube-system',
      chart: 'oci://public.ecr.aws/eks/cilium/cilium',
      version: '1.18.3-0',
      values: parse(String(upload.args.content)) as Record<string, unknown>,
    });
  }

  async function prepare() {
    for (const [version, k8s] of [
      ['1.0.0', '1.30'],
      ['1.1.0', '1.31'],
    ] as const) {
      await command(`profile create edge --k8s ${k8s} --version ${version}`);
      if (!(await callWithin((c) => text(c).includes(`edge@${version}* created`), 120_000))) {
        throw new Error(`profile edge@${version} was not created`);
      }
    }
  }

  let loops: Promise<void>[] = [];
  return {
    ledger,
    pools: () => pools,
    start: async () => {
      await prepare();
      loops = [...new Set(hosts.map((h) => h.cluster))].map(async (cluster) => {
        while (!stopping) {
          try {
            await step(cluster);
          } catch (err) {
            ledger.errors.push(`${cluster}: ${(err as Error).message}`);
            await sleep(1000);
          }
        }
      });
    },
    /** Starts nothing more and waits up to `ms` for the steps under way to end; whether they did. */
    stop: async (ms: number): Promise<boolean> => {
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        Promise.all(loops).then(() => true),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), ms);
        }),
      ]);
      clearTimeout(timer);
      abandoned = true;
      await Promise.all(loops);
      return ended;
    },
  };
}
