import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, type RedisServer, startRedisServer } from './redis-server';
import { until } from './until';

export interface RedisAddress {
  host: string;
  port: number;
}

export interface SentinelGroupOptions {
  /** Replicas of the primary (1 unless given). */
  replicas?: number;
  /** The data nodes' password (requirepass and masterauth); none unless given. */
  password?: string;
  /** The Sentinels' own password (requirepass, and how they talk to each other); none unless given. */
  sentinelPassword?: string;
  /** How long the primary must stay silent before a Sentinel thinks it down (1 s unless given). */
  downAfterMs?: number;
  /** Sentinel's failover-timeout: a failover that stalls is retried after twice this (4 s unless given). */
  failoverTimeoutMs?: number;
}

/** The environment the bot reads to reach the group (src/config/schema.ts). */
export interface SentinelEnv {
  REDIS_SENTINELS: string;
  REDIS_SENTINEL_NAME: string;
  REDIS_PASSWORD?: string;
  REDIS_SENTINEL_PASSWORD?: string;
}

export interface SentinelGroup {
  /** The name the Sentinels monitor the primary under. */
  name: string;
  sentinels: RedisAddress[];
  env(): SentinelEnv;
  /** A plain client through the Sentinels (it follows failovers), for a test to look at state. */
  connect(): Redis;
  /** The primary, as the Sentinels name it now. */
  primary(): Promise<RedisAddress>;
  /** kill -9 the primary (no chance to save or to hand over); returns its address. */
  killPrimary(): Promise<RedisAddress>;
  /** Waits until every Sentinel names a primary other than `old` and that server says it is the primary. */
  waitForPromotion(old: RedisAddress, timeoutMs?: number): Promise<RedisAddress>;
  /** Starts the killed servers again, empty, as replicas of the primary (as a restarted pod rejoins). */
  restartKilled(): Promise<void>;
  stop(): Promise<void>;
}

const NAME = 'hybrid-bot';
const HOST = '127.0.0.1';

/**
 * A real Redis primary with replicas and three `redis-sentinel` processes (Debian's package) on free
 * loopback ports, tuned so that a failover takes seconds. Resolves once every Sentinel knows the
 * replicas and the other Sentinels: from then on, killing the primary gets a replica promoted.
 */
export async function startSentinelGroup(opts: SentinelGroupOptions = {}): Promise<SentinelGroup> {
  if (spawnSync('redis-sentinel', ['--version']).error) {
    throw new Error(
      'redis-sentinel is not on PATH. Install it first: `apt-get install -y redis-sentinel` (Debian/Ubuntu).',
    );
  }
  const downAfterMs = opts.downAfterMs ?? 1000;
  const failoverTimeoutMs = opts.failoverTimeoutMs ?? 4000;
  // The first sync to a replica would wait 5 s for others to join it (Redis's default): none do here.
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-bot-sentinel-'));
  // A replica writes the copy it syncs to its directory: a temporary one, not the working directory.
  const nodeArgs = [
    '--dir',
    dir,
    '--repl-diskless-sync-delay',
    '0',
    ...(opts.password ? ['--requirepass', opts.password, '--masterauth', opts.password] : []),
  ];
  const nodes = new Map<number, RedisServer>();
  const killed: number[] = [];
  const first = await startRedisServer({ args: nodeArgs });
  nodes.set(first.port, first);
  const startReplica = async (port?: number) => {
    const primary = await currentPrimary();
    const replica = await startRedisServer({
      port,
      args: [...nodeArgs, '--replicaof', primary.host, String(primary.port)],
    });
    nodes.set(replica.port, replica);
    return replica;
  };
  const data = (port: number) =>
    new Redis({ host: HOST, port, password: opts.password, lazyConnect: true, retryStrategy: () => null });
  const sentinelClient = (port: number) =>
    new Redis({
      host: HOST,
      port,
      password: opts.sentinelPassword,
      lazyConnect: true,
      retryStrategy: () => null,
    });

  const sentinelProcs: ChildProcess[] = [];
  const sentinels: RedisAddress[] = [];
  let currentPrimary = async (): Promise<RedisAddress> => ({ host: HOST, port: first.port });

  const ask = async <T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T | undefined> => {
    const r = sentinelClient(port);
    try {
      await r.connect();
      return await fn(r);
    } catch {
      return undefined;
    } finally {
      r.disconnect();
    }
  };
  const primaryNamedBy = (port: number) =>
    ask(port, async (r) => {
      const [host, p] = (await r.call('SENTINEL', 'get-master-addr-by-name', NAME)) as [string, string];
      return { host, port: Number(p) };
    });
  const roleOf = async (address: RedisAddress) => {
    const r = data(address.port);
    try {
      await r.connect();
      return String(((await r.call('ROLE')) as unknown[])[0]);
    } catch {
      return undefined;
    } finally {
      r.disconnect();
    }
  };

  const stop = async () => {
    for (const p of sentinelProcs) p.kill('SIGKILL');
    await Promise.all([...nodes.values()].map((n) => n.kill()));
  };
  try {
    for (let i = 0; i < (opts.replicas ?? 1); i++) await startReplica();
    // A replica that has not finished its first sync has nothing to be promoted with.
    await until(
      'the replicas in sync',
      async () => {
        const links = await Promise.all(
          [...nodes.keys()]
            .filter((p) => p !== first.port)
            .map(async (p) => {
              const r = data(p);
              try {
                await r.connect();
                return /master_link_status:up/.test(await r.info('replication'));
              } catch {
                return false;
              } finally {
                r.disconnect();
              }
            }),
        );
        return links.every(Boolean);
      },
      20_000,
    );

    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          `bind ${HOST}`,
          `dir ${dir}`,
          `sentinel monitor ${NAME} ${HOST} ${first.port} 2`,
          `sentinel down-after-milliseconds ${NAME} ${downAfterMs}`,
          `sentinel failover-timeout ${NAME} ${failoverTimeoutMs}`,
          `sentinel parallel-syncs ${NAME} 1`,
          ...(opts.password ? [`sentinel auth-pass ${NAME} ${opts.password}`] : []),
          ...(opts.sentinelPassword
            ? [`requirepass ${opts.sentinelPassword}`, `sentinel sentinel-pass ${opts.sentinelPassword}`]
            : []),
          '',
        ].join('\n'),
      );
      // Sentinel rewrites its file as it learns (other Sentinels, the replicas, the new primary).
      const proc = spawn('redis-sentinel', [conf], { stdio: ['ignore', 'pipe', 'pipe'] });
      proc.stdout?.resume();
      proc.stderr?.resume();
      sentinelProcs.push(proc);
      sentinels.push({ host: HOST, port });
    }
    currentPrimary = async () => {
      for (const s of sentinels) {
        const named = await primaryNamedBy(s.port);
        if (named) return named;
      }
      throw new Error('no Sentinel answers');
    };
    // Until each Sentinel knows the other two and every replica, a lost primary would stay lost.
    const replicaCount = opts.replicas ?? 1;
    await until(
      'each Sentinel to know the others and the replicas',
      async () => {
        const known = await Promise.all(
          sentinels.map((s) =>
            ask(s.port, async (r) => {
              const peers = (await r.call('SENTINEL', 'sentinels', NAME)) as unknown[];
              const replicas = (await r.call('SENTINEL', 'replicas', NAME)) as unknown[];
              return peers.length === sentinels.length - 1 && replicas.length === replicaCount;
            }),
          ),
        );
        return known.every(Boolean);
      },
      30_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    name: NAME,
    sentinels,
    env: () => ({
      REDIS_SENTINELS: sentinels.map((s) => `${s.host}:${s.port}`).join(','),
      REDIS_SENTINEL_NAME: NAME,
      ...(opts.password ? { REDIS_PASSWORD: opts.password } : {}),
      ...(opts.sentinelPassword ? { REDIS_SENTINEL_PASSWORD: opts.sentinelPassword } : {}),
    }),
    connect: () => {
      const client = new Redis({
        sentinels,
        name: NAME,
        password: opts.password,
        sentinelPassword: opts.sentinelPassword,
        sentinelRetryStrategy: (times) => Math.min(100 * times, 1000),
        retryStrategy: (times) => Math.min(100 * times, 1000),
      });
      // Refused connections during a failover are expected; its commands wait in the offline queue.
      client.on('error', () => undefined);
      return client;
    },
    primary: () => currentPrimary(),
    killPrimary: async () => {
      const primary = await currentPrimary();
      const node = nodes.get(primary.port);
      if (!node) throw new Error(`no server of the group runs on ${primary.port}`);
      await node.kill();
      nodes.delete(primary.port);
      killed.push(primary.port);
      return primary;
    },
    waitForPromotion: (old, timeoutMs = 30_000) =>
      until(
        `a primary other than ${old.host}:${old.port}`,
        async () => {
          const named = await Promise.all(sentinels.map((s) => primaryNamedBy(s.port)));
          const [promoted] = named;
          if (!promoted || promoted.port === old.port) return undefined;
          if (!named.every((n) => n?.host === promoted.host && n.port === promoted.port)) return undefined;
          return (await roleOf(promoted)) === 'master' ? promoted : undefined;
        },
        { timeoutMs, intervalMs: 50 },
      ),
    restartKilled: async () => {
      while (killed.length > 0) await startReplica(killed.shift());
    },
    stop,
  };
}
