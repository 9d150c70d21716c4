/** The shapes the simulated Kubernetes API stores and serves. */

export type KubeResource =
  | 'nodes'
  | 'pods'
  | 'daemonsets'
  | 'deployments'
  | 'poddisruptionbudgets'
  | 'namespaces'
  | 'configmaps'
  | 'secrets'
  /** Flux's CRDs: served only by clusters that run Flux (KubeStore.serveCustomResources). */
  | 'helmreleases'
  | 'ocirepositories';

export interface KubeMetadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [k: string]: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes specs and statuses are free-form JSON here.
type Json = any;

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  spec?: Json;
  status?: Json;
  [k: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
  /** The object as it was before a MODIFIED or DELETED event: selector-filtered watches tell enter from leave by it, and paged lists read the past through it. */
  previous?: KubeObject;
}
