import { type FoundBootstrap, findBootstraps } from '../../sim/console/bootstrap-finder';
import { type FoundHelmCommand, findHelmCommands } from '../../sim/console/helm-finder';
import type { ConsoleMessage } from '../../sim/console/workspace';

type Obj = Record<string, unknown>;

export interface SlackCallRecord {
  kind: string;
  method: string;
  args: Obj;
  status?: number;
  result?: Obj;
}

/** Whoever received them: the demo's operator at the host plays the requester, whoever that was. */
const REQUESTER = 'requester';

/**
 * The newest instructions for a host among everything the bot sent privately in the demo's Slack (a
 * bootstrap, the file of a bulk registration, a pool's commands for an IAM Roles Anywhere host), read
 * as the sandbox console reads them.
 */
export function instructionsFor(calls: SlackCallRecord[], host: string): FoundBootstrap | undefined {
  const { messages, files } = privateMessages(calls);
  return findBootstraps(messages, REQUESTER, files).find((f) => f.host === host);
}

/** The newest helm command the bot sent privately for this cluster, with the values file it came with. */
export function helmCommandFor(calls: SlackCallRecord[], cluster: string): FoundHelmCommand | undefined {
  const { messages, files } = privateMessages(calls);
  return findHelmCommands(messages, REQUESTER, files).find((h) => h.cluster === cluster);
}

/** What the bot sent privately (direct messages, ephemeral replies, files shared in a DM), as the console shows it. */
function privateMessages(calls: SlackCallRecord[]) {
  const messages: ConsoleMessage[] = [];
  const files = new Map<string, { content: string }>();
  let ts = 0;
  const add = (text: unknown, blocks: unknown, extra: Partial<ConsoleMessage> = {}) =>
    messages.push({
      ts: String(++ts),
      conversation: `D:${REQUESTER}`,
      user: 'bot',
      text: String(text ?? ''),
      blocks: blocks as Obj[] | undefined,
      ...extra,
    });
  for (const c of calls) {
    if (c.status !== undefined && c.status !== 200) continue;
    const a = c.args;
    if (c.kind === 'upload') files.set(c.method.split('/').pop() ?? '', { content: String(a.content ?? '') });
    else if (c.kind === 'response_url' && a.response_type !== 'in_channel') add(a.text, a.blocks);
    else if (c.method === 'chat.postEphemeral' || (c.method === 'chat.postMessage' && isDirect(a.channel)))
      add(a.text, a.blocks);
    else if (c.method === 'files.completeUploadExternal' && isDirect(a.channel_id))
      add(a.initial_comment, undefined, { files: (a.files as { id: string; title: string }[]) ?? [] });
  }
  return { messages, files };
}

/** A user ID (Slack opens the DM) or a D… direct message. */
function isDirect(channel: unknown): boolean {
  return typeof channel === 'string' && /^[UWD]/.test(channel);
}
