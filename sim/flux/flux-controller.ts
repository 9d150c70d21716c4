/**
 * Flux's source-controller and helm-controller for one cluster: an object is reconciled when it is created,
 * its spec changes (a new generation) or `reconcile.fluxcd.io/requestedAt` is set (`flux reconcile`), and
 * again each `spec.interval` on the simulator's clock. The clock is polled every `pollMs` of real time, so a
 * test that moves its clock past an interval sees the reconcile without waiting the interval out.
 */
import type { Clock } from '../clock';
import type { KubeObject, KubeStore, WatchEvent } from '../kube/store';
import { parseGoDuration } from './duration';
import { reconcileHelmRelease } from './helm-release';
import { reconcileOciRepository } from './oci-repository';

type FluxResource = 'ocirepositories' | 'helmreleases';
const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';

export class FluxController {
  /** Next due time on the simulator's clock, per resource/namespace/name. */
  private readonly due = new Map<string, number>();
  private readonly unwatch: Array<() => void>;
  private readonly timer: NodeJS.Timeout;
  private queued = false;

  constructor(
    private readonly store: KubeStore,
    private readonly clock: Clock,
    pollMs = 200,
  ) {
    this.unwatch = (['ocirepositories', 'helmreleases'] as const).map((r) =>
      store.watch(r, (ev) => this.onEvent(r, ev)),
    );
    this.timer = setInterval(() => this.tick(), pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    for (const u of this.unwatch) u();
  }

  /** Reconciles everything due now (sources first, as their artifacts feed the releases). */
  tick(): void {
    const now = this.clock.now().getTime();
    for (const r of ['ocirepositories', 'helmreleases'] as const) {
      for (const o of this.store.list(r).items) {
        if ((this.due.get(key(r, o)) ?? 0) <= now) this.reconcile(r, o);
      }
    }
  }

  /** Reconciles every object now, whatever its interval: what `flux reconcile` does to each. */
  reconcileAll(): void {
    for (const r of ['ocirepositories', 'helmreleases'] as const)
      for (const o of this.store.list(r).items) this.reconcile(r, o);
  }

  private onEvent(resource: FluxResource, ev: WatchEvent): void {
    if (ev.type === 'DELETED') {
      this.due.delete(key(resource, ev.object));
      return;
    }
    const changed =
      ev.type === 'ADDED' ||
      ev.object.metadata.generation !== ev.previous?.metadata.generation ||
      ev.object.metadata.annotations?.[REQUESTED_AT] !== ev.previous?.metadata.annotations?.[REQUESTED_AT];
    if (!changed) return;
    this.due.set(key(resource, ev.object), 0);
    // A new artifact is a reason for the releases built from it to look again.
    if (resource === 'ocirepositories')
      for (const hr of this.store.list('helmreleases').items) this.due.set(key('helmreleases', hr), 0);
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.tick();
    });
  }

  private reconcile(resource: FluxResource, o: KubeObject): void {
    const now = this.clock.now();
    const interval = parseGoDuration(o.spec?.interval) ?? 600_000;
    this.due.set(key(resource, o), now.getTime() + interval);
    if (o.spec?.suspend === true) return;
    try {
      const status =
        resource === 'ocirepositories'
          ? reconcileOciRepository(o, now)
          : reconcileHelmRelease(this.store, o, now);
      const requested = o.metadata.annotations?.[REQUESTED_AT];
      const newArtifact =
        resource === 'ocirepositories' && status.artifact?.revision !== o.status?.artifact?.revision;
      this.store.update(resource, o.metadata.name, o.metadata.namespace, (cur) => {
        cur.status = requested ? { ...status, lastHandledReconcileAt: requested } : status;
      });
      if (newArtifact) {
        for (const hr of this.store.list('helmreleases').items) this.due.set(key('helmreleases', hr), 0);
      }
    } catch (err) {
      // A controller error must not take the simulator down; the next interval retries.
      process.stderr.write(
        `flux ${resource} ${o.metadata.namespace}/${o.metadata.name}: ${(err as Error).message}\n`,
      );
    }
  }
}

function key(resource: FluxResource, o: KubeObject): string {
  return `${resource}/${o.metadata.namespace}/${o.metadata.name}`;
}
