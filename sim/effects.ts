import type { KubeStore } from './kube/store';

/**
 * How many times each mutating call reached the simulated world, per host or node: what a test
 * counts to prove that a side effect happened exactly once, however often the bot's workers died.
 */
export class Effects {
  private readonly counts = new Map<string, Map<string, number>>();

  count(subject: string, action: string): void {
    let actions = this.counts.get(subject);
    if (!actions) {
      actions = new Map();
      this.counts.set(subject, actions);
    }
    actions.set(action, (actions.get(action) ?? 0) + 1);
  }

  /** `{ subject: { action: count } }`, subjects and actions sorted. */
  snapshot(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const subject of [...this.counts.keys()].sort()) {
      const actions = this.counts.get(subject) ?? new Map<string, number>();
      out[subject] = Object.fromEntries([...actions.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return out;
  }

  clear(): void {
    this.counts.clear();
  }

  /**
   * Counts what happens to a cluster's nodes and pods through any client: a node cordoned (its
   * `spec.unschedulable` turning true), a Node deleted, a pod deleted off a node (evictions among them).
   */
  watchCluster(cluster: string, store: KubeStore): void {
    const cordoned = new Map<string, boolean>();
    for (const n of store.list('nodes').items) cordoned.set(n.metadata.name, n.spec?.unschedulable === true);
    store.watch('nodes', (e) => {
      const name = e.object.metadata.name;
      const subject = `${cluster}/${name}`;
      if (e.type === 'DELETED') {
        this.count(subject, 'node deleted');
        cordoned.delete(name);
        return;
      }
      const now = e.object.spec?.unschedulable === true;
      if (now && !cordoned.get(name)) this.count(subject, 'cordoned');
      if (!now && cordoned.get(name)) this.count(subject, 'uncordoned');
      cordoned.set(name, now);
    });
    store.watch('pods', (e) => {
      const node = e.object.spec?.nodeName;
      if (e.type === 'DELETED' && node) this.count(`${cluster}/${node}`, 'pod deleted');
    });
  }
}
