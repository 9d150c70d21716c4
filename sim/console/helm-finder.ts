import { decodeSlackEntities } from './mrkdwn';
import type { ConsoleMessage } from './workspace';

/**
 * The helm command the bot sent a user to run themselves (a Cilium change where Flux does not own the
 * release), with the file it says to save as `values.yaml`, read as the person at their terminal would.
 */
export interface FoundHelmCommand {
  messageTs: string;
  /** The cluster the message says to run it against. */
  cluster: string;
  /** The `helm upgrade …` line. */
  command: string;
  /** The attached file, saved as `values.yaml` as the message says. */
  valuesYaml: string;
}

/** The newest helm command sent to this user for each cluster, oldest first. */
export function findHelmCommands(
  messages: ConsoleMessage[],
  user: string,
  files: Map<string, { content: string }>,
): FoundHelmCommand[] {
  const found = new Map<string, FoundHelmCommand>();
  for (const m of messages) {
    if (m.ephemeralTo !== undefined && m.ephemeralTo !== user) continue;
    if (m.ephemeralTo === undefined && m.conversation !== `D:${user}`) continue;
    // As Slack shows it, and the person would copy it: entities decoded.
    const text = decodeSlackEntities(m.text);
    const command = /^helm upgrade .*$/m.exec(text)?.[0]?.replace(/```$/, '').trim();
    const cluster =
      /against ([a-z0-9][a-z0-9-]*):/.exec(text)?.[1] ?? /on \*([a-z0-9][a-z0-9-]*)\*/.exec(text)?.[1];
    const file = m.files?.map((f) => files.get(f.id)).find(Boolean);
    if (!command || !cluster || !file) continue;
    found.delete(cluster);
    found.set(cluster, { messageTs: m.ts, cluster, command, valuesYaml: file.content });
  }
  return [...found.values()];
}
