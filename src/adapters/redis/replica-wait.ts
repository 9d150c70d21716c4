import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';

/** How often the primary's count of replicas is read again, and how long a timed-out WAIT is not retried. */
const RECHECK_MS = 10_000;

/**
 * Redis replicates asynchronously: a primary that dies right after a write can take it with it, and
 * Sentinel then promotes a replica that never had it. Before the bot tells Slack it took a request,
 * this waits (`WAIT 1 <timeoutMs>`) until a replica has it too, so the ack means "on two servers".
 * With no replica connected, or one that did not answer in time, it does not wait: the request is
 * already taken on the primary and runs if the primary lives; refusing it would only invite a retry
 * that runs twice. A replica that timed out is not waited for again for 10 s, so a lagging or
 * partitioned replica costs one slow ack per 10 s, not every ack.
 */
export class ReplicaWait {
  private replicas = 0;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private skipUntil = 0;
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly log?: Logger,
    private readonly timeoutMs = 250,
  ) {}

  /** After a write the requester is about to be told of: true once a replica has it too. */
  async afterWrite(): Promise<boolean> {
    const now = Date.now();
    if (now < this.skipUntil) return false;
    if (now - this.checkedAt > RECHECK_MS) {
      this.checkedAt = now;
      this.replicas = await this.connectedReplicas();
    }
    if (this.replicas === 0) return false;
    const acked = Number(await this.redis.call('WAIT', '1', String(this.timeoutMs)).catch(() => 0));
    if (acked >= 1) return true;
    this.skipUntil = Date.now() + RECHECK_MS;
    this.checkedAt = Number.NEGATIVE_INFINITY;
    if (Date.now() - this.lastWarning > 60_000) {
      this.lastWarning = Date.now();
      this.log?.warn(
        { timeoutMs: this.timeoutMs },
        'no Redis replica confirmed a Slack request in time: requests are acked on the primary alone for now, and a failover could lose the last of them',
      );
    }
    return false;
  }

  private async connectedReplicas(): Promise<number> {
    // Managed Redis may refuse INFO: then nothing is waited for, as with no replica.
    const info = await this.redis.info('replication').catch(() => '');
    return Number(/^connected_slaves:(\d+)/m.exec(info)?.[1] ?? 0);
  }
}
