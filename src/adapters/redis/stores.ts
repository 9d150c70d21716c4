import type { Redis } from 'ioredis';
import type { ClusterProfile } from '../../domain/profiles';
import { type Clock, systemClock } from '../../ports';
import type { SecretBox } from '../secret-box';
import { ActivationLedger } from './activation-ledger';
import { AlertStore } from './alert-store';
import { ChangeStore } from './change-store';
import { ClusterRegistry } from './cluster-registry';
import { ClusterStatusStore } from './cluster-status-store';
import { CniLayerStore } from './cni-layer-store';
import { DiagnosticsInFlight } from './diagnostics-in-flight';
import { HostFactsStore } from './host-facts-store';
import { HostInventory } from './inventory';
import { ClusterInfoCache } from './inventory-cluster-info';
import { NoticeLedger } from './notice-ledger';
import { PoolStore } from './pool-store';
import { ProfileStore } from './profile-store';
import { UserGroupCache } from './user-groups';

/**
 * The bot's state in Redis, one object per kind, built once by the composition root: their
 * constructors define Lua scripts on the connection, which is work to do once, not per job.
 */
export interface Stores {
  inventory: HostInventory;
  changes: ChangeStore;
  alerts: AlertStore;
  clusterStatus: ClusterStatusStore;
  clusterInfo: ClusterInfoCache;
  notices: NoticeLedger;
  activations: ActivationLedger;
  userGroups: UserGroupCache;
  cniLayers: CniLayerStore;
  profiles: ProfileStore<ClusterProfile>;
  pools: PoolStore;
  diagnosing: DiagnosticsInFlight;
  hostFacts: HostFactsStore;
  /** The clusters of the file and those imported from Slack (the configuration's `clusters` reads it). */
  clusters: ClusterRegistry;
}

/**
 * `box` seals what must wait in Redis (an activation code between its creation and its delivery);
 * `clusters` is the process's one cluster registry (by default one without file clusters).
 */
export function createStores(
  redis: Redis,
  box: SecretBox,
  clock: Clock = systemClock,
  clusters: ClusterRegistry = new ClusterRegistry(redis, []),
): Stores {
  return {
    inventory: new HostInventory(redis, clock),
    changes: new ChangeStore(redis),
    alerts: new AlertStore(redis),
    clusterStatus: new ClusterStatusStore(redis),
    clusterInfo: new ClusterInfoCache(redis),
    notices: new NoticeLedger(redis),
    activations: new ActivationLedger(redis, box),
    userGroups: new UserGroupCache(redis),
    cniLayers: new CniLayerStore(redis),
    profiles: new ProfileStore(redis),
    pools: new PoolStore(redis),
    diagnosing: new DiagnosticsInFlight(redis),
    hostFacts: new HostFactsStore(redis),
    clusters,
  };
}
