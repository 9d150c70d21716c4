import type { Clock } from '../../clock';
import { refreshBudgetStatus } from '../../kube/disruption-budget';
import { deletePod, isTerminating } from '../../kube/pod-deletion';
import type { KubeObject, KubeStore } from '../../kube/store';
import { admitsScheduling, noExecuteEvictionAt, type Taint } from '../../kube/taints';
import { nodeIsReady, nodeIsSchedulable, podFitsNode } from './node-affinity';
import { ownerName, podFor, podIsReady, podStatus, podTolerations, templateHash } from './pods';
import { daemonSetStatus, deploymentStatus } from './workload-status';

/**
 * The slice of kube-controller-manager and the scheduler the simulator needs: DaemonSets get one pod per
 * matching node, Deployments keep their replicas (evicted pods come back elsewhere, or stay Pending),
 * pods follow their node's readiness, workload statuses show rollout progress, and PodDisruptionBudget
 * statuses follow the pods they cover. Taints keep pods off nodes that do not tolerate them (NoSchedule,
 * NoExecute; PreferNoSchedule only when there is a choice), and NoExecute taints evict the pods already
 * there as the taint manager does: at once, or after the pod's tolerationSeconds.
 */
export class WorkloadController {
  private queued = false;
  private readonly unwatch: Array<() => void>;
  /** When the taint manager first saw each pod (namespace/name) on a node with NoExecute taints. */
  private noExecuteSince = new Map<string, number>();
  /** The times a pass is already due for a pending eviction. */
  private readonly wakes = new Set<number>();

  constructor(
    private readonly store: KubeStore,
    private readonly clock: Clock,
    /** Runs `fn` once the simulator's clock reaches `at` (epoch ms): an eviction after tolerationSeconds. */
    private readonly at: (at: number, fn: () => void) => void = (at, fn) => {
      setTimeout(fn, Math.max(0, at - clock.now().getTime())).unref();
    },
  ) {
    const kick = () => this.enqueue();
    this.unwatch = (['nodes', 'pods', 'daemonsets', 'deployments', 'poddisruptionbudgets'] as const).map(
      (r) => store.watch(r, kick),
    );
  }

  stop(): void {
    for (const u of this.unwatch) u();
  }

  /** Reconciles once, soon; many changes in one tick cost one pass. */
  enqueue(): void {
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      try {
        this.reconcile();
      } catch (err) {
        // A controller error must not take the whole simulator down; the next change retries.
        process.stderr.write(`workload controller: ${(err as Error).message}\n`);
      }
    });
  }

  reconcile(): void {
    // Read as stored, not copied (see peek): every write below goes through the store.
    const nodes = [...this.store.peek('nodes')];
    const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
    const pods = this.evictForNoExecute(byName, [...this.store.peek('pods')]);
    for (const ds of this.store.peek('daemonsets')) this.reconcileDaemonSet(ds, nodes, byName, pods);
    for (const dep of this.store.peek('deployments')) this.reconcileDeployment(dep, nodes, byName, pods);
    // The disruption controller: budgets follow their pods, not only the evictions they answer.
    for (const pdb of this.store.peek('poddisruptionbudgets'))
      refreshBudgetStatus(this.store, pdb.metadata.name, pdb.metadata.namespace ?? 'default');
  }

  private reconcileDaemonSet(
    ds: KubeObject,
    nodes: KubeObject[],
    byName: Map<string, KubeObject>,
    pods: KubeObject[],
  ) {
    const hash = templateHash(ds);
    const owned = pods.filter(
      (p) => p.metadata.namespace === ds.metadata.namespace && ownerName(p) === ds.metadata.name,
    );
    // A node runs a daemon pod if its taints admit a new one, or keep one there (NoExecute evicted the rest).
    const tolerations = podTolerations(ds);
    const running = new Set(owned.map((p) => p.spec?.nodeName));
    const eligible = nodes.filter(
      (n) =>
        podFitsNode(ds.spec?.template?.spec, n) &&
        (running.has(n.metadata.name) || admitsScheduling(tolerations, n.spec?.taints)),
    );
    const onNode = new Map<string, KubeObject>();
    const staleReady: KubeObject[] = [];
    for (const pod of owned) {
      const nodeName: string | undefined = pod.spec?.nodeName;
      const node = nodeName ? byName.get(nodeName) : undefined;
      if (isTerminating(pod)) {
        // Being deleted: its node gets no other daemon pod until it is gone (or its node is).
        if (!node) this.store.delete('pods', pod.metadata.name, pod.metadata.namespace);
        else if (!onNode.has(node.metadata.name)) onNode.set(node.metadata.name, pod);
        continue;
      }
      const stale = pod.metadata.labels?.['controller-revision-hash'] !== hash;
      // An old-template pod that is not ready costs nothing to replace; ready ones wait for the budget below.
      const fits = node && podFitsNode(ds.spec?.template?.spec, node) && !onNode.has(node.metadata.name);
      if (!fits || (stale && !podIsReady(pod))) {
        this.store.delete('pods', pod.metadata.name, pod.metadata.namespace);
        continue;
      }
      onNode.set(node.metadata.name, pod);
      this.syncReadiness(pod, node);
      if (stale) staleReady.push(pod);
    }
    // A rolling update replaces ready old pods at most maxUnavailable at a time, counting pods already missing
    // or unready; each pass that finds the new pods ready goes on with the next batch.
    const unavailable =
      eligible.filter((n) => !onNode.has(n.metadata.name)).length +
      [...onNode.values()].filter((p) => !podIsReady(p)).length;
    const budget = Math.max(0, maxUnavailable(ds, eligible.length) - unavailable);
    for (const pod of staleReady.slice(0, budget)) {
      this.store.delete('pods', pod.metadata.name, pod.metadata.namespace);
      onNode.delete(pod.spec.nodeName);
    }
    for (const node of eligible) {
      if (!onNode.has(node.metadata.name)) onNode.set(node.metadata.name, this.createPod(ds, node));
    }
    const ready = [...onNode.values()].filter(podIsReady).length;
    const updated = [...onNode.values()].filter(
      (p) => p.metadata.labels?.['controller-revision-hash'] === hash,
    ).length;
    this.writeStatus('daemonsets', ds, daemonSetStatus(ds, eligible.length, onNode.size, ready, updated));
  }

  private reconcileDeployment(
    dep: KubeObject,
    nodes: KubeObject[],
    byName: Map<string, KubeObject>,
    pods: KubeObject[],
  ) {
    const hash = templateHash(dep);
    const prefix = `${dep.metadata.name}-`;
    const owned = pods.filter(
      (p) =>
        p.metadata.namespace === dep.metadata.namespace &&
        ownerName(p)?.startsWith(prefix) &&
        p.metadata.labels?.['pod-template-hash'],
    );
    const kept: KubeObject[] = [];
    for (const pod of owned) {
      const nodeName: string | undefined = pod.spec?.nodeName;
      const node = nodeName ? byName.get(nodeName) : undefined;
      if (isTerminating(pod)) {
        // The ReplicaSet counts no pod being deleted (a replacement is made); the pod garbage
        // collector removes one whose node is gone.
        if (nodeName && !node) this.store.delete('pods', pod.metadata.name, pod.metadata.namespace);
        continue;
      }
      const stale = pod.metadata.labels?.['pod-template-hash'] !== hash;
      if ((nodeName && !node) || stale) {
        this.store.delete('pods', pod.metadata.name, pod.metadata.namespace);
        continue;
      }
      if (!node) {
        const target = this.pickNode(dep, nodes, pods);
        const placed = target ? this.bind(pod, target) : pod;
        // Later choices in this pass must see where this one went (spread, anti-affinity).
        if (target) pods.push(placed);
        kept.push(placed);
        continue;
      }
      this.syncReadiness(pod, node);
      kept.push(this.store.get('pods', pod.metadata.name, pod.metadata.namespace) ?? pod);
    }
    const replicas: number = dep.spec?.replicas ?? 1;
    while (kept.length < replicas) {
      const pod = this.createPod(dep, this.pickNode(dep, nodes, pods));
      pods.push(pod);
      kept.push(pod);
    }
    for (const extra of kept.splice(replicas))
      this.store.delete('pods', extra.metadata.name, extra.metadata.namespace);
    const ready = kept.filter(podIsReady).length;
    this.writeStatus('deployments', dep, deploymentStatus(dep, kept.length, ready, this.clock.now()));
  }

  /**
   * The schedulable matching node with the fewest pods of this owner (kube-scheduler's default
   * spreading over hostnames), then the fewest pods; or none (the pod stays Pending).
   */
  private pickNode(owner: KubeObject, nodes: KubeObject[], pods: KubeObject[]): KubeObject | undefined {
    const load = new Map<string, number>();
    const siblings = new Map<string, number>();
    const prefix = `${owner.metadata.name}-`;
    for (const p of pods) {
      const on = p.spec?.nodeName;
      if (!on) continue;
      load.set(on, (load.get(on) ?? 0) + 1);
      if (p.metadata.namespace === owner.metadata.namespace && ownerName(p)?.startsWith(prefix))
        siblings.set(on, (siblings.get(on) ?? 0) + 1);
    }
    const spec = owner.spec?.template?.spec;
    const tolerations = podTolerations(owner);
    const repelled = nodesRepelling(spec, pods);
    const fits = nodes.filter(
      (n) =>
        nodeIsSchedulable(n) &&
        podFitsNode(spec, n) &&
        admitsScheduling(tolerations, n.spec?.taints) &&
        !repelled.has(n.metadata.name),
    );
    const count = (m: Map<string, number>, n: KubeObject) => m.get(n.metadata.name) ?? 0;
    // PreferNoSchedule: avoided while another node fits.
    const avoided = (n: KubeObject) =>
      admitsScheduling(
        tolerations,
        ((n.spec?.taints ?? []) as Taint[])
          .filter((t) => t.effect === 'PreferNoSchedule')
          .map((t) => ({ ...t, effect: 'NoSchedule' })),
      )
        ? 0
        : 1;
    fits.sort(
      (a, b) =>
        avoided(a) - avoided(b) || count(siblings, a) - count(siblings, b) || count(load, a) - count(load, b),
    );
    return fits[0];
  }

  /**
   * The taint manager: a pod on a node with a NoExecute taint it does not tolerate is deleted; one that
   * tolerates it for tolerationSeconds is deleted when they have passed (a later pass is arranged).
   * Returns the pods left.
   */
  private evictForNoExecute(byName: Map<string, KubeObject>, pods: KubeObject[]): KubeObject[] {
    const now = this.clock.now().getTime();
    const since = new Map<string, number>();
    const left: KubeObject[] = [];
    for (const pod of pods) {
      const node = pod.spec?.nodeName ? byName.get(pod.spec.nodeName) : undefined;
      const taints = ((node?.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');
      // A pod already being deleted is not evicted again.
      if (taints.length === 0 || isTerminating(pod)) {
        left.push(pod);
        continue;
      }
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      const seen = this.noExecuteSince.get(key) ?? now;
      since.set(key, seen);
      const at = noExecuteEvictionAt(pod.spec?.tolerations, taints, taintedSince(taints, pod) ?? seen, now);
      if (at !== undefined && at <= now) {
        // Deleted as any client deletes: on a node whose kubelet is down it stays Terminating.
        deletePod(this.store, pod.metadata.name, pod.metadata.namespace ?? 'default');
        since.delete(key);
        continue;
      }
      if (at !== undefined && !this.wakes.has(at)) {
        this.wakes.add(at);
        this.at(at, () => {
          this.wakes.delete(at);
          this.enqueue();
        });
      }
      left.push(pod);
    }
    this.noExecuteSince = since;
    return left;
  }

  private createPod(owner: KubeObject, node: KubeObject | undefined): KubeObject {
    const placement = {
      nodeName: node?.metadata.name,
      hostIP: node ? internalIp(node) : undefined,
      ready: node ? nodeIsReady(node) : false,
      now: this.clock.now(),
    };
    // Random five-letter suffixes collide now and then in big clusters; draw again as the API server's generateName does.
    for (let attempt = 0; ; attempt++) {
      const pod = podFor(owner, placement);
      if (!this.store.get('pods', pod.metadata.name, pod.metadata.namespace) || attempt >= 8) {
        return this.store.create('pods', pod);
      }
    }
  }

  private bind(pod: KubeObject, node: KubeObject): KubeObject {
    return this.store.update('pods', pod.metadata.name, pod.metadata.namespace, (p) => {
      p.spec.nodeName = node.metadata.name;
      p.status = podStatus({
        containers: p.spec?.containers,
        nodeName: node.metadata.name,
        hostIP: internalIp(node),
        ready: nodeIsReady(node),
        now: this.clock.now(),
      });
    });
  }

  private syncReadiness(pod: KubeObject, node: KubeObject): void {
    const ready = nodeIsReady(node);
    if (podIsReady(pod) === ready) return;
    this.store.update('pods', pod.metadata.name, pod.metadata.namespace, (p) => {
      const status = podStatus({
        containers: p.spec?.containers,
        nodeName: node.metadata.name,
        hostIP: internalIp(node),
        ready,
        now: this.clock.now(),
      });
      // The pod started when it was placed, not when its readiness last changed.
      p.status = { ...status, startTime: p.status?.startTime ?? status.startTime };
    });
  }

  private writeStatus(
    resource: 'daemonsets' | 'deployments',
    obj: KubeObject,
    status: KubeObject['status'],
  ): void {
    this.store.update(resource, obj.metadata.name, obj.metadata.namespace, (o) => {
      // Keep transition times when nothing but the clock changed, so a no-op reconcile stores nothing.
      o.status = sameIgnoringTimes(o.status, status) ? o.status : status;
    });
  }
}

/**
 * Since when the pod has been on a node with these NoExecute taints: the latest of when the taints were
 * added (as the node lifecycle controller and kubectl stamp them) and when the pod started there;
 * undefined when the taints carry no time (then the controller's first sight counts).
 */
function taintedSince(taints: Taint[], pod: KubeObject): number | undefined {
  const added = taints.map((t) => Date.parse(t.timeAdded ?? '')).filter((t) => !Number.isNaN(t));
  if (added.length === 0) return undefined;
  const started = Date.parse(pod.status?.startTime ?? '');
  return Math.max(Math.min(...added), Number.isNaN(started) ? 0 : started);
}

/**
 * Required pod anti-affinity on the node's hostname (what Cilium's operator chart sets): the nodes already
 * running a pod a term's labelSelector matches are ruled out. Other topology keys are not modelled.
 */
function nodesRepelling(spec: KubeObject['spec'], pods: KubeObject[]): Set<string> {
  const terms: Array<{ topologyKey?: string; labelSelector?: { matchLabels?: Record<string, string> } }> =
    spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const selectors = terms
    .filter((t) => t.topologyKey === 'kubernetes.io/hostname' && t.labelSelector?.matchLabels)
    .map((t) => Object.entries(t.labelSelector!.matchLabels!));
  const nodes = new Set<string>();
  if (selectors.length === 0) return nodes;
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (node && selectors.some((sel) => sel.every(([k, v]) => p.metadata.labels?.[k] === v))) nodes.add(node);
  }
  return nodes;
}

/** spec.updateStrategy.rollingUpdate.maxUnavailable as a pod count (percentages round up), at least 1. */
function maxUnavailable(ds: KubeObject, desired: number): number {
  const v = ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  const n =
    typeof v === 'string' && v.endsWith('%') ? Math.ceil((desired * Number.parseFloat(v)) / 100) : Number(v);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

function internalIp(node: KubeObject): string | undefined {
  const addresses: Array<{ type: string; address: string }> = node.status?.addresses ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address;
}

function sameIgnoringTimes(a: unknown, b: unknown): boolean {
  const strip = (v: unknown) => JSON.stringify(v, (k, x) => (k.endsWith('Time') ? undefined : x));
  return strip(a) === strip(b);
}
