import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SlackCall } from '../../sim/slack/fake-slack';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { ChangeStore } from '../../src/adapters/redis/change-store';
import { KEY_PREFIX } from '../../src/adapters/redis/connection';
import { type DriverLedger, NODEADM_VERBS } from './driver';
import { SOAK_CLUSTERS, type SoakWorld } from './soak-world';

export interface Check {
  ok: boolean;
  [detail: string]: unknown;
}

const text = (c: SlackCall) => JSON.stringify(c.args);
const ok200 = (c: SlackCall) => c.status === 200;

/** Every acked command answered (at its response_url), none answered twice with the same message. */
export function answeredOnce(calls: SlackCall[], ledger: DriverLedger): Check {
  const answers = new Map<string, string[]>();
  for (const c of calls.filter((c) => c.kind === 'response_url' && ok200(c))) {
    answers.set(c.method, [...(answers.get(c.method) ?? []), text(c)]);
  }
  const acked = ledger.requests.filter((r) => r.status === 200);
  const answersOf = (url: string) => answers.get(new URL(url).pathname) ?? [];
  const unanswered = acked.filter((r) => r.kind === 'command' && answersOf(r.responseUrl).length === 0);
  const twice = acked.filter((r) => {
    const a = answersOf(r.responseUrl);
    return new Set(a).size !== a.length;
  });
  return {
    ok: unanswered.length === 0 && twice.length === 0,
    acked: acked.length,
    commands: acked.filter((r) => r.kind === 'command').length,
    clicks: acked.filter((r) => r.kind === 'click').length,
    notAcked: ledger.requests
      .filter((r) => r.status !== 200)
      .map((r) => `${r.status} ${r.what}`)
      .slice(0, 10),
    unanswered: unanswered.map((r) => r.what).slice(0, 10),
    answeredTwice: twice.map((r) => r.what).slice(0, 10),
  };
}

/**
 * Nothing left in the outbox (sent or given up), and no message delivered twice: the same text and
 * blocks posted twice in a row in one channel or thread. (The same words may come back legitimately
 * after something else was said, e.g. a step failing again after a retry.)
 */
export async function deliveredOnce(calls: SlackCall[], redis: Redis): Promise<Check> {
  const outbox = new Queue(QUEUE_NAMES.outbox, { connection: redis, prefix: KEY_PREFIX });
  const counts = await outbox.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  await outbox.close();
  const posts = calls.filter((c) => c.method === 'chat.postMessage' && ok200(c));
  const duplicates = postedTwiceInARow(posts);
  const pending =
    (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
  return {
    ok: duplicates.length === 0 && pending === 0 && (counts.failed ?? 0) === 0,
    posts: posts.length,
    updates: calls.filter((c) => c.method === 'chat.update' && ok200(c)).length,
    undelivered: { pending, failed: counts.failed ?? 0 },
    postedTwiceInARow: duplicates.slice(0, 10),
  };
}

/** Messages posted twice in a row in one channel or thread (same text and blocks), as "channel thread: text". */
export function postedTwiceInARow(calls: SlackCall[]): string[] {
  const posts = calls.filter((c) => c.method === 'chat.postMessage' && ok200(c)).sort((a, b) => a.at - b.at);
  const last = new Map<string, string>();
  const duplicates: string[] = [];
  for (const c of posts) {
    const where = `${c.args.channel} ${c.args.thread_ts ?? ''}`;
    const said = `${c.args.text ?? ''} ${JSON.stringify(c.args.blocks ?? '')}`;
    if (last.get(where) === said) duplicates.push(`${where}: ${String(c.args.text ?? '').slice(0, 140)}`);
    last.set(where, said);
  }
  return duplicates;
}

const ENDED = new Set(['done', 'rejected', 'expired', 'aborted', 'failed', 'rolled-back', 'paused']);

/** Every change ended (done, rejected, aborted, paused…), each that did not end done with a stated reason. */
export async function changesEnded(redis: Redis): Promise<Check> {
  const store = new ChangeStore(redis);
  const changes = await store.list(100_000);
  const byState: Record<string, number> = {};
  const open: string[] = [];
  const noReason: string[] = [];
  let steps = 0;
  for (const c of changes) {
    byState[c.state] = (byState[c.state] ?? 0) + 1;
    const journal = await store.steps(c.id);
    steps += journal.length;
    if (!ENDED.has(c.state)) {
      const under = journal.filter((s) => s.state !== 'done').slice(0, 2);
      open.push(
        `${c.id} ${c.state}: ${c.title}; ${under.map((s) => `${s.key} ${s.state} ${s.output ?? ''}`).join('; ')}`,
      );
    }
    if (c.state === 'done' || !ENDED.has(c.state)) continue;
    const events = await store.events(c.id);
    const failed = journal.filter((s) => s.state === 'failed' && s.output);
    if (events.length === 0 && failed.length === 0) noReason.push(`${c.id} ${c.state}: ${c.title}`);
  }
  return {
    ok: open.length === 0 && noReason.length === 0,
    changes: changes.length,
    steps,
    byState,
    open: open.slice(0, 10),
    withoutReason: noReason.slice(0, 10),
  };
}

/**
 * Per host and verb, as many nodeadm runs as its changes that ended done asked for; a host whose
 * change did not end done may have run each verb once more (the step under way when it stopped).
 */
export function nodeadmOnce(effects: Record<string, Record<string, number>>, ledger: DriverLedger): Check {
  const wrong: string[] = [];
  let runs = 0;
  const hosts = new Set([...ledger.expected.keys(), ...Object.keys(effects).filter((k) => !k.includes('/'))]);
  for (const host of hosts) {
    const want = ledger.expected.get(host) ?? { install: 0, init: 0, upgrade: 0, uninstall: 0 };
    for (const verb of NODEADM_VERBS) {
      const got = effects[host]?.[`nodeadm ${verb}`] ?? 0;
      runs += got;
      const slack = ledger.unsettled.has(host) ? 1 : 0;
      if (got < want[verb] || got > want[verb] + slack)
        wrong.push(`${host} nodeadm ${verb}: ${got}, wanted ${want[verb]}`);
    }
  }
  return {
    ok: wrong.length === 0,
    hosts: hosts.size,
    runs,
    unsettledHosts: ledger.unsettled.size,
    wrong: wrong.slice(0, 20),
  };
}

interface SsmState {
  managedInstances: { instanceId: string; name?: string; activationId?: string }[];
  activations: { activationId: string; registrationsCount: number; expired: boolean }[];
}

/** One managed instance per activation and per host; no activation left unused. */
export function ssmOnce(state: SsmState): Check {
  const perActivation = new Map<string, number>();
  const perHost = new Map<string, number>();
  for (const i of state.managedInstances) {
    if (i.activationId) perActivation.set(i.activationId, (perActivation.get(i.activationId) ?? 0) + 1);
    if (i.name) perHost.set(i.name, (perHost.get(i.name) ?? 0) + 1);
  }
  const twice = [...perActivation.entries()].filter(([, n]) => n > 1).map(([a, n]) => `${a}: ${n}`);
  const hostsTwice = [...perHost.entries()].filter(([, n]) => n > 1).map(([h, n]) => `${h}: ${n}`);
  const orphans = state.activations.filter((a) => a.registrationsCount === 0).map((a) => a.activationId);
  return {
    ok: twice.length === 0 && hostsTwice.length === 0 && orphans.length === 0,
    activations: state.activations.length,
    registrations: state.managedInstances.length,
    registeredTwice: [...twice, ...hostsTwice].slice(0, 10),
    orphanActivations: orphans.slice(0, 10),
  };
}

/** The alert messages in the alert channel: one open per cluster at a time, each resolved by the end. */
export function alertsResolved(calls: SlackCall[], channel = 'C0ALERTS'): Check {
  const posts = calls.filter(
    (c) => c.method === 'chat.postMessage' && ok200(c) && c.args.channel === channel && !c.args.thread_ts,
  );
  const resolvedAt = (ts: unknown) =>
    calls.find(
      (c) =>
        c.method === 'chat.update' &&
        ok200(c) &&
        c.args.ts === ts &&
        String(c.args.text ?? '').includes('Resolved'),
    )?.at;
  const clusterOf = (c: SlackCall) =>
    SOAK_CLUSTERS.find((n) => new RegExp(`\\b${n}\\b`).test(text(c))) ?? '?';
  const unresolved: string[] = [];
  const overlapping: string[] = [];
  const openUntil = new Map<string, number>();
  for (const p of posts.sort((a, b) => a.at - b.at)) {
    const cluster = clusterOf(p);
    // Posted late (Slack was down while it fired and cleared), it may come out resolved already.
    const end = String(p.args.text ?? '').startsWith('Resolved') ? p.at : resolvedAt(p.result?.ts);
    if ((openUntil.get(cluster) ?? 0) > p.at)
      overlapping.push(`${cluster} at ${new Date(p.at).toISOString()}`);
    if (end === undefined) unresolved.push(`${cluster}: ${String(p.args.text ?? '').slice(0, 120)}`);
    openUntil.set(cluster, end ?? Number.POSITIVE_INFINITY);
  }
  return {
    ok: unresolved.length === 0 && overlapping.length === 0,
    incidents: posts.length,
    resolved: posts.length - unresolved.length,
    unresolved: unresolved.slice(0, 10),
    twiceForOneIncident: overlapping.slice(0, 10),
  };
}

/** Every value in Redis, as text: strings, hashes, lists, sets, sorted sets and streams. */
async function redisText(redis: Redis, visit: (key: string, value: string) => void): Promise<number> {
  let cursor = '0';
  let keys = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', '500');
    cursor = next;
    for (const key of batch) {
      keys += 1;
      const type = await redis.type(key);
      const value =
        type === 'string'
          ? await redis.get(key)
          : type === 'hash'
            ? await redis.hgetall(key)
            : type === 'list'
              ? await redis.lrange(key, 0, -1)
              : type === 'set'
                ? await redis.smembers(key)
                : type === 'zset'
                  ? await redis.zrange(key, '0', '-1')
                  : type === 'stream'
                    ? await redis.xrange(key, '-', '+')
                    : '';
      visit(key, JSON.stringify(value));
    }
  } while (cursor !== '0');
  return keys;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** No activation code the bot handed out is in Redis, its AOF, the processes' logs or any channel message. */
export async function secretsKept(w: SoakWorld, codes: Set<string>, calls: SlackCall[]): Promise<Check> {
  const found: string[] = [];
  const look = (where: string, body: string) => {
    for (const code of codes) if (body.includes(code)) found.push(where);
  };
  // What Redis holds now, and what its append-only file kept of every write.
  const keys = await redisText(w.inspect, (key, value) => look(`redis ${key}`, value));
  // Never rewritten during the run: the AOF holds every write since the start.
  const aof = filesUnder(w.dir).filter((f) => /\.aof(\.|$)/.test(f) && !f.includes('temp-'));
  for (const f of aof) look(`aof ${f}`, readFileSync(f, 'latin1'));
  look('logs', readFileSync(w.logPath, 'utf8'));
  for (const c of calls.filter((c) => c.kind === 'api' && String(c.args.channel ?? '').startsWith('C'))) {
    look(`channel ${c.args.channel} (${c.method})`, text(c));
  }
  return {
    ok: found.length === 0 && codes.size > 0,
    codesHandedOut: codes.size,
    redisKeys: keys,
    aofFiles: aof.length,
    found: [...new Set(found)].slice(0, 10),
  };
}

export interface MemorySample {
  at: number;
  name: string;
  pid: number;
  rssKiB: number;
}

/**
 * Each process that lived from the window's end to the run's end (same pid): its memory at the end
 * within 1.2× of its memory at `windowMs` into the run.
 */
export function memoryKept(samples: MemorySample[], windowMs: number, startedAt: number): Check {
  const names = [...new Set(samples.map((s) => s.name))];
  const compared: Record<string, { afterWindowMiB: number; endMiB: number; ratio: number }> = {};
  const notCompared: string[] = [];
  let ok = true;
  for (const name of names) {
    const mine = samples.filter((s) => s.name === name && s.rssKiB > 0);
    const last = mine[mine.length - 1];
    const base = mine.find((s) => s.at - startedAt >= windowMs);
    if (!last || !base || mine.some((s) => s.at >= base.at && s.pid !== last.pid)) {
      notCompared.push(`${name} (restarted since)`);
      continue;
    }
    const ratio = last.rssKiB / base.rssKiB;
    compared[name] = {
      afterWindowMiB: Math.round(base.rssKiB / 1024),
      endMiB: Math.round(last.rssKiB / 1024),
      ratio: Math.round(ratio * 100) / 100,
    };
    if (ratio > 1.2) ok = false;
  }
  return {
    ok: ok && Object.keys(compared).length > 0,
    windowMinutes: Math.round((windowMs / 60_000) * 10) / 10,
    compared,
    notCompared,
  };
}
