import type { ClusterConfig } from '../../config/schema';
import { clusterEntryYaml } from '../../domain/clusters/cluster-entry';
import { counted } from '../../domain/plural';
import { context, header, section, sectionsOfLines } from '../elements';
import { slackDate } from '../hosts/slack-dates';
import type { SlackMessage } from '../types';

export interface ListedCluster {
  cluster: ClusterConfig;
  source: 'file' | 'imported';
  imported?: { importedBy: string; importedAt: number };
}

function channels(c: ClusterConfig): string {
  const alerts = c.alertChannel && c.alertChannel !== c.channel ? ` · alerts <#${c.alertChannel}>` : '';
  return `<#${c.channel}>${alerts}`;
}

function sourceOf(l: ListedCluster): string {
  if (l.source === 'file' || !l.imported) return 'from the configuration file';
  return `imported by <@${l.imported.importedBy}> ${slackDate(l.imported.importedAt)}`;
}

/** `/hybrid clusters`: every cluster the bot manages, where it comes from, its region and channels. */
export function clustersMessage(list: readonly ListedCluster[]): SlackMessage {
  const imported = list.filter((l) => l.source === 'imported').length;
  const lines = list.map(
    (l) => `• *${l.cluster.name}* · ${l.cluster.region} · ${channels(l.cluster)} · ${sourceOf(l)}`,
  );
  return {
    text: `${counted(list.length, 'cluster')} (${imported} imported)`,
    blocks: [
      header(`Clusters: ${counted(list.length, 'cluster')}`),
      ...sectionsOfLines(lines),
      context(
        imported > 0
          ? 'Imported clusters live in Redis: `/hybrid cluster export <name>` gives the entry to add to the configuration file.'
          : 'Add one with `/hybrid cluster import <name> --region <region> --channel #channel` (admins).',
      ),
    ],
  };
}

/** `/hybrid cluster export <name>`: the entry to add to the configuration file. */
export function clusterExportMessage(l: ListedCluster): SlackMessage {
  const yaml = clusterEntryYaml(l.cluster);
  const lead =
    l.source === 'file'
      ? `Cluster *${l.cluster.name}* comes from the configuration file already; its entry reads:`
      : `Cluster *${l.cluster.name}* was imported from Slack and lives in Redis. Add its entry (the list item below) to \`clusters:\` in the configuration file (HYBRID_BOT_CONFIG) so a wiped Redis keeps it; the file's entry then wins:`;
  return {
    text: `Configuration entry for ${l.cluster.name}`,
    blocks: [section(lead), section(`\`\`\`\n${yaml}\`\`\``)],
  };
}
