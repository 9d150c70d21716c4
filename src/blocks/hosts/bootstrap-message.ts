import type { HostRegistration } from '../../domain/host-registration';
import type { BootstrapInstructions } from '../../domain/node-bootstrap';
import { context, header, section } from '../elements';
import type { SlackMessage } from '../types';
import { poolCommands } from './pool-hint';
import { slackDate } from './slack-dates';

export interface BootstrapDetails {
  registration: HostRegistration;
  instructions: BootstrapInstructions;
  /** SSM only. */
  activationId?: string;
  expiresAt?: number;
}

/**
 * What the operator runs on the host. For SSM it holds the activation code: send it to the
 * requester only (ephemeral or DM), never to a channel.
 */
export function bootstrapMessage(d: BootstrapDetails): SlackMessage {
  const { registration: r, instructions } = d;
  const how = r.auth === 'ssm' ? 'SSM hybrid activation' : 'IAM Roles Anywhere';
  const what = r.join
    ? 'joins the cluster now (`--join`)'
    : r.rejoinsPool
      ? `registration only, after its re-image: pool ${r.rejoinsPool} joins it again`
      : r.auth === 'ssm'
        ? 'registration only: a pool joins it later'
        : 'recorded as registered: the bot cannot reach it, a pool joins it later';
  const lines = [
    `*${r.name}* (${r.site}, ${r.ip}, ${r.arch}) for cluster *${r.cluster}*, Kubernetes ${r.kubernetesVersion}, ${how}; ${what}.`,
  ];
  if (d.activationId && d.expiresAt !== undefined) {
    lines.push(`Activation \`${d.activationId}\`, usable once, until ${slackDate(d.expiresAt)}.`);
  }
  const script = instructions.commands.join('\n');
  const blocks = [
    header(`Bootstrap ${r.name}`),
    section(lines.join('\n')),
    section(instructions.notes.map((n) => `• ${n}`).join('\n')),
    section(`\`\`\`${script}\`\`\``),
  ];
  if (r.rejoinsPool) {
    blocks.push(
      section(`Then press *Done* on the re-image message: pool ${r.rejoinsPool} joins it again itself.`),
    );
  } else if (!r.join) {
    const when = r.auth === 'ssm' ? 'Once it is registered (the channel hears of it), put' : 'Put';
    blocks.push(section(`${when} it into a pool: ${poolCommands(r)}.`));
  }
  blocks.push(
    context(
      r.auth === 'ssm'
        ? 'Only you can see this message. The channel was told that an activation was issued, without its code.'
        : r.join
          ? 'The channel was told that this host was prepared.'
          : 'The channel was told that this host was registered.',
    ),
  );
  return { text: `Bootstrap for host ${r.name} (${how}): only you can see this.`, blocks };
}
