import type { BotProcess } from '../../test/support/bot-processes';
import type { SoakWorld } from './soak-world';

/**
 * Redis behind Sentinel, from a harness of its own (a primary, a replica, three sentinels): the bot's
 * processes connect through it, and the chaos fails its primary over.
 */
export interface FailoverHarness {
  /** What the bot's processes connect with (REDIS_SENTINELS, REDIS_SENTINEL_NAME…), over REDIS_URL. */
  env: NodeJS.ProcessEnv;
  /** Kills the primary and resolves once Sentinel promoted a replica. */
  failover(): Promise<void>;
}

export type ChaosKind = 'kill' | 'slack' | 'aws' | 'node' | 'site' | 'failover';

export interface ChaosOptions {
  /** Length of the run: gaps and fault lengths scale with it (a 3-minute run gets shorter ones). */
  minutes: number;
  /** Processes never killed: they live through the run, so their memory can be compared. */
  spare: string[];
  /** Sentinel's harness: enables the "failover" action. */
  sentinel?: FailoverHarness;
  /** Only these kinds (all but failover without a harness, by default). */
  kinds?: ChaosKind[];
}

export interface ChaosFigures {
  kills: number;
  failovers: number;
  slackOutages: { errors: number; throttles: number };
  awsFaults: number;
  nodesDown: number;
  sitesDown: number;
  /** Each action as it started: when (ms into the run), what, for how long. */
  timeline: { at: number; kind: ChaosKind; what: string; ms: number }[];
}

const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];
const between = (lo: number, hi: number) => Math.round(lo + Math.random() * (hi - lo));

/**
 * The chaos schedule: every little while one of the enabled actions starts (at most one of each kind
 * at a time), does its harm for a while and undoes it. `stop()` ends every action under way at once
 * and leaves the world whole: processes up, faults cleared, nodes and sites up.
 */
export function startChaos(w: SoakWorld, o: ChaosOptions) {
  const started = Date.now();
  const figures: ChaosFigures = {
    kills: 0,
    failovers: 0,
    slackOutages: { errors: 0, throttles: 0 },
    awsFaults: 0,
    nodesDown: 0,
    sitesDown: 0,
    timeline: [],
  };
  const kinds =
    o.kinds ?? (['kill', 'slack', 'aws', 'node', 'site', ...(o.sentinel ? ['failover'] : [])] as ChaosKind[]);
  const busy = new Set<ChaosKind>();
  const running = new Set<Promise<void>>();
  let stopping = false;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((r) => {
    wake = r;
  });
  /** Waits `ms`, or less when the run stops. */
  const hold = (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([new Promise((r) => (timer = setTimeout(r, ms))), stopped]).finally(() =>
      clearTimeout(timer),
    );
  };
  // A 60-minute run: faults of 20 s to 2 min; a 3-minute one: 5 to 30 s.
  const scale = Math.min(1, o.minutes / 60);
  const length = () => between(Math.max(5_000, 20_000 * scale), Math.max(30_000, 120_000 * scale));
  const gap = () => between(Math.max(3_000, 10_000 * scale), Math.max(8_000, 40_000 * scale));
  const note = (kind: ChaosKind, what: string, ms: number) =>
    figures.timeline.push({ at: Date.now() - started, kind, what, ms });

  const killable = () => w.processes.all().filter((p) => !o.spare.includes(p.name) && p.up());

  const actions: Record<ChaosKind, () => Promise<void>> = {
    kill: async () => {
      const victim = pick(killable());
      if (!victim) return;
      const down = between(500, 5_000);
      note('kill', victim.name, down);
      await victim.kill();
      figures.kills += 1;
      await hold(down);
      await restart(victim);
    },
    slack: async () => {
      const ms = length();
      const throttle = Math.random() < 0.5;
      note('slack', throttle ? '429 Retry-After' : '500', ms);
      w.slack.setFault(
        throttle ? { throttleRate: 0.6, retryAfterSeconds: between(1, 5) } : { errorRate: 0.6 },
      );
      if (throttle) figures.slackOutages.throttles += 1;
      else figures.slackOutages.errors += 1;
      await hold(ms);
      w.slack.setFault(undefined);
    },
    aws: async () => {
      const ms = length();
      const fault = pick([
        { service: 'ssm' as const, throttleRate: 0.4 },
        { service: 'ssm' as const, errorRate: 0.2 },
        { service: 'eks' as const, throttleRate: 0.4 },
        { service: 'eks' as const, errorRate: 0.2 },
      ]);
      if (!fault) return;
      note('aws', JSON.stringify(fault), ms);
      w.sim.control.setFault(fault);
      figures.awsFaults += 1;
      await hold(ms);
      w.sim.control.clearFaults();
    },
    node: async () => {
      const nodes = w.sim.control
        .state()
        .nodes.filter((n: { computeType: string; ready: boolean }) => n.computeType === 'hybrid' && n.ready);
      const node = pick(nodes) as { name: string; cluster: string } | undefined;
      if (!node) return;
      const ms = length();
      note('node', `${node.cluster}/${node.name}`, ms);
      w.sim.control.setNodeReady(node.name, false, node.cluster);
      figures.nodesDown += 1;
      await hold(ms);
      // It may have left its pool meanwhile (a removal deletes the node).
      try {
        w.sim.control.setNodeReady(node.name, true, node.cluster);
      } catch {
        // gone: nothing to bring back
      }
    },
    site: async () => {
      const site = pick(w.sim.control.state().sites.filter((s: { down: boolean }) => !s.down)) as
        | { name: string }
        | undefined;
      if (!site) return;
      const ms = length();
      note('site', site.name, ms);
      w.sim.control.setSiteOutage(site.name, true);
      figures.sitesDown += 1;
      await hold(ms);
      w.sim.control.setSiteOutage(site.name, false);
    },
    failover: async () => {
      if (!o.sentinel) return;
      note('failover', 'primary', 0);
      await o.sentinel.failover();
      figures.failovers += 1;
    },
  };

  async function restart(p: BotProcess): Promise<void> {
    for (let attempt = 0; !p.up(); attempt++) {
      try {
        await p.restart();
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  const loop = (async () => {
    while (!stopping) {
      await hold(gap());
      if (stopping) break;
      const kind = pick(kinds.filter((k) => !busy.has(k)));
      if (!kind) continue;
      busy.add(kind);
      const run = actions[kind]()
        .catch((err: Error) => {
          note(kind, `failed: ${err.message}`, 0);
        })
        .finally(() => {
          busy.delete(kind);
          running.delete(run);
        });
      running.add(run);
    }
  })();

  return {
    figures,
    /** Ends every action under way and makes the world whole again. */
    stop: async () => {
      stopping = true;
      wake();
      await loop;
      await Promise.all(running);
      w.slack.setFault(undefined);
      w.sim.control.clearFaults();
      for (const s of w.sim.control.state().sites) if (s.down) w.sim.control.setSiteOutage(s.name, false);
      for (const p of w.processes.all()) await restart(p);
    },
  };
}
