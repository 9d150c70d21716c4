import type { CommandProcessors } from '../job-context';
import { clusterForget } from './cluster-forget';
import { clusterImport } from './cluster-import';
import { clusterExport, clustersList } from './cluster-read';

/** The commands about which clusters the bot manages, by command name. */
export const CLUSTER_PROCESSORS: Pick<
  CommandProcessors,
  'clusters' | 'cluster import' | 'cluster export' | 'cluster forget'
> = {
  clusters: clustersList,
  'cluster import': clusterImport,
  'cluster export': clusterExport,
  'cluster forget': clusterForget,
};
