import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type ClusterConfig, clusterSchema } from '../../config/schema';
import { key } from './connection';

const IMPORTED = key('clusters', 'imported');
/** Said on Redis pub/sub when a cluster is imported or forgotten: every process reads the list again. */
export const CLUSTERS_CHANGED = key('clusters', 'changed');

const importedSchema = z.object({
  cluster: clusterSchema,
  importedBy: z.string(),
  importedAt: z.number(),
  /** The change that imported it. */
  change: z.string(),
});

/** A cluster joined from Slack (`/hybrid cluster import`), kept in Redis. */
export type ImportedCluster = z.infer<typeof importedSchema>;

export type ClusterSource = 'file' | 'imported';

export interface RegisteredCluster {
  cluster: ClusterConfig;
  source: ClusterSource;
  imported?: Omit<ImportedCluster, 'cluster'>;
}

/**
 * The clusters the bot manages: those of the configuration file and those imported from Slack, in
 * one list (file first). The one place the two sources meet: the configuration's `clusters` every
 * handler and job reads is this list (app/live-clusters.ts). The imported ones are cached in each
 * process and read again when any process imports or forgets one (pub/sub), when the subscriber
 * reconnects, and before each command job; a name in the file wins over an imported one.
 */
export class ClusterRegistry {
  private imported: ImportedCluster[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly fileClusters: readonly ClusterConfig[],
  ) {}

  /** Every cluster the bot manages, file clusters first. */
  all(): ClusterConfig[] {
    return [...this.fileClusters, ...this.imported.map((i) => i.cluster)];
  }

  /** Each cluster with where it comes from. */
  list(): RegisteredCluster[] {
    return [
      ...this.fileClusters.map((cluster) => ({ cluster, source: 'file' as const })),
      ...this.imported.map(({ cluster, ...imported }) => ({
        cluster,
        source: 'imported' as const,
        imported,
      })),
    ];
  }

  find(name: string): RegisteredCluster | undefined {
    return this.list().find((c) => c.cluster.name === name);
  }

  /** Reads the imported clusters again; an entry that no longer reads as a cluster is left out. */
  async refresh(): Promise<void> {
    const raw = await this.redis.hgetall(IMPORTED);
    const fileNames = new Set(this.fileClusters.map((c) => c.name));
    this.imported = Object.values(raw)
      .flatMap((json) => {
        const parsed = importedSchema.safeParse(safeJson(json));
        return parsed.success && !fileNames.has(parsed.data.cluster.name) ? [parsed.data] : [];
      })
      .sort((a, b) => a.cluster.name.localeCompare(b.cluster.name));
  }

  /** Records an imported cluster (again: the same entry is harmless) and tells every process. */
  async record(entry: ImportedCluster): Promise<void> {
    await this.redis.hset(IMPORTED, entry.cluster.name, JSON.stringify(entry));
    await this.changed();
  }

  /** Stops managing an imported cluster; false when it was not imported. */
  async forget(name: string): Promise<boolean> {
    const removed = await this.redis.hdel(IMPORTED, name);
    await this.changed();
    return removed > 0;
  }

  /** Reads the list again here and has every other process do the same. */
  async changed(): Promise<void> {
    await this.refresh();
    await this.redis.publish(CLUSTERS_CHANGED, '1');
  }

  /**
   * Keeps this process's list current: `subscriber` is a connection of its own (it can do nothing
   * else once subscribed). `onChange` runs after each reread (the workers keep monitor schedules).
   */
  follow(subscriber: Redis, onChange: () => Promise<void> = async () => undefined): void {
    const reread = () =>
      this.refresh()
        .then(onChange)
        .catch(() => undefined);
    subscriber.on('message', (channel: string) => {
      if (channel === CLUSTERS_CHANGED) void reread();
    });
    // After a reconnect the messages sent meanwhile are lost: read the list again.
    subscriber.on('ready', () => void reread());
    void subscriber.subscribe(CLUSTERS_CHANGED).catch(() => undefined);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
