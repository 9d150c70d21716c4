import type { AlertCounts } from '../domain/alerts/alert-snooze';
import { type CommandSpec, usageOf } from '../domain/commands';
import { counted } from '../domain/plural';
import { context, divider, header, sectionsOfLines } from './elements';
import { type ClusterStatus, driftLinesOf, healthText } from './monitoring/status-message';

export const HOME_REFRESH_ACTION = 'home_refresh';

export interface HomeCluster {
  name: string;
  region: string;
  channel: string;
}

/** A cluster's health on the Home tab: its latest status and how many alerts fire, and of those are snoozed. */
export interface HomeFleetRow {
  status?: ClusterStatus;
  /** Every firing alert, snoozed or not: a snooze never hides that something is down. */
  firing: number;
  snoozed?: number;
}

/** ":rotating_light: 3 firing · 1 snoozed" (`noun` names what fires); a quieter icon when every one is snoozed. */
function alertsText(counts: AlertCounts, noun = false): string {
  if (counts.firing === 0) return 'no alerts firing';
  const icon = counts.snoozed < counts.firing ? ':rotating_light:' : ':zzz:';
  const what = noun ? ` alert${counts.firing === 1 ? '' : 's'}` : '';
  return `${icon} ${counts.firing}${what} firing${counts.snoozed > 0 ? ` · ${counts.snoozed} snoozed` : ''}`;
}

function clusterLine(c: HomeCluster, row: HomeFleetRow | undefined): string {
  const where = `*${c.name}* · ${c.region} · reports in <#${c.channel}>`;
  if (!row) return where;
  const health = row.status ? healthText(row.status) : 'not checked yet';
  const alerts = alertsText({ firing: row.firing, snoozed: row.snoozed ?? 0 });
  const drift = row.status ? driftLinesOf(row.status) : [];
  return [`${where}\n${health} · ${alerts}`, ...drift].join('\n');
}

/** The App Home tab: the fleet at a glance (clusters, agent availability, hybrid nodes, alerts) and the commands. */
export function homeView(
  clusters: HomeCluster[],
  commands: readonly CommandSpec[],
  now: number,
  fleet: Record<string, HomeFleetRow> = {},
): Record<string, unknown> {
  const rows = Object.values(fleet);
  const total: AlertCounts = {
    firing: rows.reduce((n, row) => n + row.firing, 0),
    snoozed: rows.reduce((n, row) => n + (row.snoozed ?? 0), 0),
  };
  return {
    type: 'home',
    blocks: [
      header('hybrid-bot: EKS Hybrid Nodes'),
      context(`${counted(clusters.length, 'cluster')} · ${alertsText(total, true)}`),
      // Leave room for the commands below within the view's 100 blocks.
      ...sectionsOfLines(clusters.map((c) => clusterLine(c, fleet[c.name]))).slice(0, 60),
      divider(),
      header('Commands'),
      ...sectionsOfLines(commands.map((c) => `\`${usageOf(c)}\` _(${c.role})_`)).slice(0, 30),
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: HOME_REFRESH_ACTION, text: { type: 'plain_text', text: 'Refresh' } },
        ],
      },
      context(
        `Refreshed <!date^${Math.floor(now / 1000)}^{date_short_pretty} {time}|${new Date(now).toISOString()}>`,
      ),
    ].slice(0, 100),
  };
}
