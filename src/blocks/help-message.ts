import { type CommandSpec, usageOf } from '../domain/commands';
import type { Role } from '../domain/roles';
import { context, header, sectionsOfLines } from './elements';
import type { SlackMessage } from './types';

/** `/hybrid help`: every command with the role it needs, marking those the reader may not run. */
export function helpMessage(
  commands: readonly CommandSpec[],
  readerRole: Role | undefined,
  allowed: (needed: Role) => boolean,
): SlackMessage {
  const lines = commands.map((c) => {
    const lock = allowed(c.role) ? '' : ' :lock:';
    return `\`${usageOf(c)}\`${lock}\n      ${c.summary} _(${c.role})_`;
  });
  return {
    text: `hybrid-bot commands: ${commands.map((c) => c.name).join(', ')}`,
    blocks: [
      header('hybrid-bot: EKS Hybrid Nodes from Slack'),
      ...sectionsOfLines(lines),
      context(
        `Your role: *${readerRole ?? 'none'}*. Roles nest: admin ⊃ approver ⊃ operator ⊃ viewer.` +
          ' :lock: marks commands your role cannot run.',
      ),
    ],
  };
}
