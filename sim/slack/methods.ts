import { randomBytes } from 'node:crypto';
import { type FileStore, fileInfo } from './files';

let tsCounter = 0;

/** A message timestamp as Slack makes them: seconds and a six-digit sequence, unique per message. */
function nextTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter % 1_000_000).padStart(6, '0')}`;
}

/** A channel of the workspace, and whether the bot was invited to it. */
export interface SlackChannel {
  name: string;
  botIsMember: boolean;
  isPrivate?: boolean;
}

/** Answers a Slack Web API method with the shape Slack documents for it. */
export function answerMethod(
  method: string,
  args: Record<string, unknown>,
  world: {
    userGroups: Record<string, string[]>;
    baseUrl?: string;
    files?: FileStore;
    channels?: ReadonlyMap<string, SlackChannel>;
  } = { userGroups: {} },
): Record<string, unknown> {
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: 'https://sim.slack.com/',
        team: 'Simulated',
        user: 'hybrid-bot',
        team_id: 'T0SIM',
        user_id: 'U0HYBRIDBOT',
        bot_id: 'B0HYBRIDBOT',
      };
    case 'chat.postMessage': {
      if (!args.channel) return { ok: false, error: 'channel_not_found' };
      const ts = nextTs();
      return { ok: true, channel: args.channel, ts, message: { ...args, ts, type: 'message' } };
    }
    case 'chat.update':
      if (!args.ts) return { ok: false, error: 'message_not_found' };
      return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
    case 'chat.postEphemeral':
      return { ok: true, message_ts: nextTs() };
    case 'conversations.info': {
      // A private channel the bot is not in is hidden from it, as Slack hides it.
      const c = world.channels?.get(String(args.channel ?? ''));
      if (!c || (c.isPrivate && !c.botIsMember)) return { ok: false, error: 'channel_not_found' };
      return {
        ok: true,
        channel: {
          id: args.channel,
          name: c.name,
          is_channel: !c.isPrivate,
          is_group: false,
          is_private: c.isPrivate === true,
          is_archived: false,
          is_member: c.botIsMember,
        },
      };
    }
    case 'conversations.open':
      return { ok: true, channel: { id: `D0${String(args.users ?? 'USER').replace(/\W/g, '')}` } };
    case 'views.open':
    case 'views.update':
    case 'views.push':
    case 'views.publish':
      // An updated view keeps its ID; a new one gets its own.
      return {
        ok: true,
        view: {
          id: args.view_id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`,
          ...(args.view as object),
        },
      };
    case 'usergroups.users.list': {
      const users = world.userGroups[String(args.usergroup)];
      return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
    }
    case 'files.getUploadURLExternal': {
      const fileId = `F${randomBytes(5).toString('hex').toUpperCase()}`;
      world.files?.expect(fileId, String(args.filename ?? fileId));
      return { ok: true, upload_url: `${world.baseUrl}/upload/${fileId}`, file_id: fileId };
    }
    case 'files.completeUploadExternal': {
      const listed = (args.files as { id: string; title?: string }[]) ?? [];
      // The bot's files belong to the bot user; one whose bytes never arrived is not a file.
      for (const f of listed) {
        if (world.files && !world.files.complete(f.id, f.title, 'U0HYBRIDBOT', world.baseUrl ?? '')) {
          return { ok: false, error: 'file_not_found' };
        }
      }
      return {
        ok: true,
        files: ((args.files as { id: string; title?: string }[]) ?? []).map((f) => ({
          id: f.id,
          title: f.title,
        })),
      };
    }
    case 'files.info':
      return world.files ? fileInfo(world.files, args) : { ok: false, error: 'file_not_found' };
    default:
      return { ok: true };
  }
}
