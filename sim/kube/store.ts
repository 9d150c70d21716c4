/** An in-memory object store for one cluster: what etcd and the registry are to kube-apiserver. */
import { randomUUID } from 'node:crypto';
import { applyDefaults } from './defaults';
import { alreadyExists, badRequest, KubeError, notFound } from './errors';
import { apiVersionOf, CUSTOM_RESOURCES, RESOURCES } from './resources';
import { matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors';
import type { KubeObject, KubeResource, WatchEvent } from './types';

export type { KubeObject, KubeResource, WatchEvent } from './types';

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

type Listener = (ev: WatchEvent) => void;

interface HistoryEntry {
  resource: KubeResource;
  resourceVersion: number;
  event: WatchEvent;
}

/** Objects are copied in and out, so callers never hold the stored object itself. */
export class KubeStore {
  private revision = 0;
  private readonly objects = new Map<KubeResource, Map<string, KubeObject>>();
  private readonly listeners = new Map<KubeResource, Set<Listener>>();
  private readonly history: HistoryEntry[] = [];
  private forgottenUpTo = 0;
  private readonly customResources = new Set<KubeResource>();

  constructor(
    private readonly options: {
      historySize?: number;
      now?: () => Date;
      /**
       * Whether the kubelet of a node runs, to stop a deleted pod's containers and confirm the
       * deletion; absent, every node's does (a bare API server).
       */
      kubeletRunning?: (nodeName: string) => boolean;
    } = {},
  ) {}

  /** Whether a node's kubelet is there to finish a pod's deletion. */
  kubeletRuns(nodeName: string): boolean {
    return this.options.kubeletRunning?.(nodeName) ?? true;
  }

  /** Installs CRDs: from now on the API serves these custom resources (e.g. Flux's). */
  serveCustomResources(resources: KubeResource[]): void {
    for (const r of resources) this.customResources.add(r);
  }

  /** Whether the API serves this resource: every built-in one, and custom ones once installed. */
  serves(resource: KubeResource): boolean {
    return !CUSTOM_RESOURCES.includes(resource) || this.customResources.has(resource);
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  create(resource: KubeResource, obj: KubeObject): KubeObject {
    const info = RESOURCES[resource];
    const name = obj.metadata?.name;
    if (!name) throw badRequest('name or generateName is required');
    const stored = structuredClone(obj);
    stored.apiVersion = apiVersionOf(info);
    stored.kind = info.kind;
    if (info.namespaced) stored.metadata.namespace = obj.metadata.namespace || 'default';
    else delete stored.metadata.namespace;
    const key = keyOf(name, stored.metadata.namespace);
    const bucket = this.bucket(resource);
    if (bucket.has(key)) throw alreadyExists(resource, name, info.group);
    applyDefaults(resource, stored);
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp = this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    if (info.hasGeneration) stored.metadata.generation = 1;
    stored.metadata.resourceVersion = this.bump();
    bucket.set(key, stored);
    this.emit(resource, { type: 'ADDED', object: stored });
    return structuredClone(stored);
  }

  get(resource: KubeResource, name: string, namespace?: string): KubeObject | undefined {
    const found = this.bucket(resource).get(keyOf(name, this.scope(resource, namespace)));
    return found && structuredClone(found);
  }

  /** Items come sorted by namespace then name, as etcd's key order gives them. */
  list(resource: KubeResource, opts: ListOptions = {}): { items: KubeObject[]; resourceVersion: string } {
    return {
      items: this.select(resource, this.bucket(resource), opts),
      resourceVersion: this.resourceVersion,
    };
  }

  /**
   * The list as it was at `resourceVersion`, as etcd's MVCC serves the later pages of a paged list;
   * undefined once the history no longer reaches back that far (etcd compacted it).
   */
  listAt(resource: KubeResource, opts: ListOptions, resourceVersion: number): KubeObject[] | undefined {
    if (resourceVersion < this.forgottenUpTo) return undefined;
    const then = new Map(this.bucket(resource));
    for (let i = this.history.length - 1; i >= 0; i--) {
      const { resource: r, resourceVersion: rv, event } = this.history[i]!;
      if (rv <= resourceVersion) break;
      if (r !== resource) continue;
      const key = keyOf(event.object.metadata.name, event.object.metadata.namespace);
      if (event.type === 'ADDED') then.delete(key);
      else if (event.previous) then.set(key, event.previous);
    }
    return this.select(resource, then, opts);
  }

  /**
   * The stored objects themselves, in list order, for the simulator's own controllers, which read
   * every pod and node on each change: copying them all each time cost more than the work. The store
   * replaces an object on each write and never changes one in place, so what this returns stays as
   * it was read; callers must not change it (they write through update).
   */
  peek(resource: KubeResource, opts: ListOptions = {}): readonly KubeObject[] {
    return this.matching(resource, this.bucket(resource), opts);
  }

  private select(resource: KubeResource, objects: Map<string, KubeObject>, opts: ListOptions): KubeObject[] {
    return this.matching(resource, objects, opts).map((o) => structuredClone(o));
  }

  private matching(
    resource: KubeResource,
    objects: Map<string, KubeObject>,
    opts: ListOptions,
  ): KubeObject[] {
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(resource, opts.fieldSelector);
    return [...objects.entries()]
      .filter(([, o]) => !opts.namespace || o.metadata.namespace === opts.namespace)
      .filter(([, o]) => matchesRequirements(o.metadata.labels, labels) && matchesFields(o, fields))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
  }

  /**
   * Applies `mutate` to a copy and stores it. A no-op mutation stores nothing; a spec change bumps
   * metadata.generation. Throwing inside `mutate` (e.g. a KubeError) leaves the object untouched.
   */
  update(
    resource: KubeResource,
    name: string,
    namespace: string | undefined,
    mutate: (o: KubeObject) => void,
  ): KubeObject {
    const info = RESOURCES[resource];
    const key = keyOf(name, this.scope(resource, namespace));
    const bucket = this.bucket(resource);
    const current = bucket.get(key);
    if (!current) throw notFound(resource, name, info.group);
    const next = structuredClone(current);
    mutate(next);
    applyDefaults(resource, next);
    if (
      next.metadata?.name !== current.metadata.name ||
      next.metadata.namespace !== current.metadata.namespace
    ) {
      throw new KubeError(
        422,
        'Invalid',
        `${info.kind} "${name}" is invalid: metadata.name: field is immutable`,
      );
    }
    // Identity fields belong to the server.
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    next.metadata.uid = current.metadata.uid;
    next.metadata.creationTimestamp = current.metadata.creationTimestamp;
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    next.metadata.generation = current.metadata.generation;
    if (sameJson(next, current)) return structuredClone(current);
    if (info.hasGeneration && !sameJson(next.spec, current.spec)) {
      next.metadata.generation = (current.metadata.generation ?? 0) + 1;
    }
    next.metadata.resourceVersion = this.bump();
    bucket.set(key, next);
    this.emit(resource, { type: 'MODIFIED', object: next, previous: current });
    return structuredClone(next);
  }

  delete(resource: KubeResource, name: string, namespace?: string): KubeObject | undefined {
    const key = keyOf(name, this.scope(resource, namespace));
    const bucket = this.bucket(resource);
    const current = bucket.get(key);
    if (!current) return undefined;
    bucket.delete(key);
    const gone = { ...current, metadata: { ...current.metadata, resourceVersion: this.bump() } };
    this.emit(resource, { type: 'DELETED', object: gone, previous: current });
    return structuredClone(gone);
  }

  watch(resource: KubeResource, listener: Listener): () => void {
    let set = this.listeners.get(resource);
    if (!set) {
      set = new Set();
      this.listeners.set(resource, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * The events on `resource` after `resourceVersion`, oldest first, or undefined when the history no
   * longer reaches back that far (a watch must then answer 410 Gone, as kube-apiserver does).
   */
  eventsSince(resource: KubeResource, resourceVersion: number): WatchEvent[] | undefined {
    if (resourceVersion < this.forgottenUpTo) return undefined;
    return this.history
      .filter((h) => h.resource === resource && h.resourceVersion > resourceVersion)
      .map((h) => structuredClone(h.event));
  }

  private emit(resource: KubeResource, event: WatchEvent): void {
    this.history.push({ resource, resourceVersion: this.revision, event });
    if (this.history.length > (this.options.historySize ?? 5000)) {
      this.forgottenUpTo = this.history.shift()?.resourceVersion ?? this.forgottenUpTo;
    }
    for (const listener of this.listeners.get(resource) ?? []) listener(structuredClone(event));
  }

  private bump(): string {
    this.revision += 1;
    return String(this.revision);
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private scope(resource: KubeResource, namespace: string | undefined): string | undefined {
    return RESOURCES[resource].namespaced ? namespace || 'default' : undefined;
  }

  private bucket(resource: KubeResource): Map<string, KubeObject> {
    let bucket = this.objects.get(resource);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(resource, bucket);
    }
    return bucket;
  }
}

function keyOf(name: string, namespace: string | undefined): string {
  return `${namespace ?? ''}/${name}`;
}

/** Deep equality of JSON values; unlike util.isDeepStrictEqual it ignores prototypes, which differ across realms. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
