import { stringify } from 'yaml';
import type { ClusterConfig } from '../../config/schema';

/** The keys of a cluster's entry in the order the configuration file's README example writes them. */
const ORDER: readonly (keyof ClusterConfig)[] = [
  'name',
  'region',
  'channel',
  'alertChannel',
  'hybridNodesRole',
  'roleArn',
  'vpcCidrs',
  'iamRolesAnywhere',
];

/** A cluster as its configuration file entry holds it: only what is set, in the file's order. */
export function clusterEntry(cluster: ClusterConfig): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  for (const k of ORDER) {
    const value = cluster[k];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    entry[k] = value;
  }
  return entry;
}

/**
 * The YAML to add to the configuration file for this cluster: a `clusters:` list with its one
 * entry, in the shape the configuration loader reads (src/config/schema.ts).
 */
export function clusterEntryYaml(cluster: ClusterConfig): string {
  return stringify({ clusters: [clusterEntry(cluster)] });
}
