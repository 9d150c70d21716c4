import { type CommandSpec, usageOf } from '../domain/commands';
import { context, header, sectionsOfLines } from './elements';

export const HOME_REFRESH_ACTION = 'home_refresh';

export interface HomeCluster {
  name: string;
  region: string;
  channel: string;
}

/** The App Home tab: the configured clusters and the commands, until live fleet figures arrive. */
export function homeView(
  clusters: HomeCluster[],
  commands: readonly CommandSpec[],
  now: number,
): Record<string, unknown> {
  return {
    type: 'home',
    blocks: [
      header('hybrid-bot: EKS Hybrid Nodes'),
      ...sectionsOfLines(clusters.map((c) => `*${c.name}* · ${c.region} · reports in <#${c.channel}>`)),
      header('Commands'),
      ...sectionsOfLines(commands.map((c) => `\`${usageOf(c)}\` _(${c.role})_`)),
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
