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

/** A cluster's health on the Home tab: its latest status and how many alerts fire (snoozed ones aside). */
export interface HomeFleetRow {
  status?: ClusterStatus;
  firing: number;
}

function clusterLine(c: HomeCluster, row: HomeFleetRow | undefined): string {
  const where = `*${c.name}* · ${c.region} · reports in <#${c.channel}>`;
  if (!row) return where;
  const health = row.status ? healthText(row.status) : 'not checked yet';
  const alerts = row.firing > 0 ? `:rotating_light: ${row.firing} firing` : 'no alerts firing';
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
  const firing = Object.values(fleet).reduce((n, row) => n + row.firing, 0);
  return {
    type: 'home',
    blocks: [
      header('hybrid-bot: EKS Hybrid Nodes'),
      context(
        `${counted(clusters.length, 'cluster')} · ${firing > 0 ? `:rotating_light: ${counted(firing, 'alert')} firing` : 'no alerts firing'}`,
      ),
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
