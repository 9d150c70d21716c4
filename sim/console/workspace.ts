import type { SlackCall } from '../slack/fake-slack';

/**
 * What the sandbox console shows, built from the calls the fake Slack received: channels and direct
 * messages with their messages (updated in place by chat.update and response_url replies), each user's
 * modal stack and Home tab, and the files the bot shared.
 */
type Obj = Record<string, unknown>;

export const BOT_USER = 'U0HYBRIDBOT';

export interface ConsoleUser {
  id: string;
  name: string;
  role: string;
}

export interface ConsoleMessage {
  ts: string;
  /** The conversation: a channel ID, or `D:<user>` for the bot's direct messages with a user. */
  conversation: string;
  user: string;
  text: string;
  blocks?: Obj[];
  threadTs?: string;
  /** Shown only to this user, marked "only visible to you". */
  ephemeralTo?: string;
  files?: { id: string; title: string }[];
  edited?: boolean;
  /** An error the console shows (a failed command), not a message the bot sent. */
  system?: boolean;
}

export interface OpenView {
  id: string;
  view: Obj;
  hash: string;
  errors?: Record<string, string>;
}

/** Where a response_url the console handed out leads: who acted, where, on which message. */
export interface ResponseContext {
  user: string;
  conversation: string;
  messageTs?: string;
  threadTs?: string;
}

let seq = 0;
const localTs = (): string => {
  seq += 1;
  return `${Math.floor(Date.now() / 1000)}.9${String(seq % 100_000).padStart(5, '0')}`;
};

export class Workspace {
  readonly messages: ConsoleMessage[] = [];
  readonly modals = new Map<string, OpenView[]>();
  readonly homes = new Map<string, Obj>();
  readonly files = new Map<string, { id: string; title: string; name: string; content: string }>();
  private readonly fileNames = new Map<string, string>();
  readonly triggers = new Map<string, { user: string; at: number }>();
  readonly responseUrls = new Map<string, ResponseContext>();
  private readonly listeners = new Set<() => void>();

  constructor(readonly users: ConsoleUser[]) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const l of this.listeners) l();
  }

  /** A channel ID, a user ID (Slack opens the DM) or a D… DM ID, as the conversation the console shows. */
  conversationOf(channel: string): string {
    if (/^U/.test(channel)) return `D:${channel}`;
    const dm = /^D0(U[A-Z0-9]+)$/.exec(channel);
    if (dm) return `D:${dm[1]}`;
    return channel;
  }

  /** The channel ID to hand the bot for a conversation. */
  channelIdOf(conversation: string): string {
    return conversation.startsWith('D:') ? `D0${conversation.slice(2)}` : conversation;
  }

  find(ts: string): ConsoleMessage | undefined {
    return this.messages.find((m) => m.ts === ts);
  }

  add(m: Omit<ConsoleMessage, 'ts'> & { ts?: string }): ConsoleMessage {
    const message = { ...m, ts: m.ts ?? localTs() };
    this.messages.push(message);
    this.changed();
    return message;
  }

  /** The bot's reply to a command or click, as Slack shows an ack body or a response_url post. */
  reply(body: Obj, ctx: ResponseContext): void {
    const text = String(body.text ?? '');
    const blocks = body.blocks as Obj[] | undefined;
    const target = ctx.messageTs ? this.find(ctx.messageTs) : undefined;
    if (body.delete_original === true && target) {
      this.messages.splice(this.messages.indexOf(target), 1);
      this.changed();
      return;
    }
    if (body.replace_original === true && target) {
      Object.assign(target, { text, blocks, edited: true });
      this.changed();
      return;
    }
    if (!text && !blocks) return;
    const threadTs = (body.thread_ts as string | undefined) ?? ctx.threadTs;
    this.add({
      conversation: ctx.conversation,
      user: BOT_USER,
      text,
      blocks,
      threadTs,
      ephemeralTo: body.response_type === 'in_channel' ? undefined : ctx.user,
    });
  }

  /** Follows one call the fake Slack answered. */
  apply(call: SlackCall): void {
    if (call.status !== 200) return;
    const a = call.args;
    if (call.kind === 'upload') {
      const id = call.method.split('/').pop() ?? '';
      const name = this.fileNames.get(id) ?? id;
      this.files.set(id, { id, title: name, name, content: String(a.content ?? '') });
      return;
    }
    if (call.kind === 'response_url') {
      const ctx = this.responseUrls.get(call.method);
      if (ctx) this.reply(a, ctx);
      return;
    }
    const result = call.result ?? {};
    switch (call.method) {
      case 'chat.postMessage':
        if (result.ok !== true) return;
        this.add({
          ts: String(result.ts),
          conversation: this.conversationOf(String(a.channel)),
          user: BOT_USER,
          text: String(a.text ?? ''),
          blocks: a.blocks as Obj[] | undefined,
          threadTs: a.thread_ts as string | undefined,
        });
        return;
      case 'chat.postEphemeral':
        this.add({
          ts: String(result.message_ts ?? localTs()),
          conversation: this.conversationOf(String(a.channel)),
          user: BOT_USER,
          text: String(a.text ?? ''),
          blocks: a.blocks as Obj[] | undefined,
          threadTs: a.thread_ts as string | undefined,
          ephemeralTo: String(a.user),
        });
        return;
      case 'chat.update': {
        const m = this.find(String(a.ts));
        if (!m) return;
        Object.assign(m, {
          text: a.text !== undefined ? String(a.text) : m.text,
          blocks: a.blocks !== undefined ? (a.blocks as Obj[]) : m.blocks,
          edited: true,
        });
        this.changed();
        return;
      }
      case 'chat.delete': {
        const m = this.find(String(a.ts));
        if (m) this.messages.splice(this.messages.indexOf(m), 1);
        this.changed();
        return;
      }
      case 'files.getUploadURLExternal':
        if (result.file_id) this.fileNames.set(String(result.file_id), String(a.filename ?? result.file_id));
        return;
      case 'files.completeUploadExternal': {
        const files = ((a.files as { id: string; title?: string }[]) ?? []).map((f) => {
          const stored = this.files.get(f.id);
          if (stored) stored.title = f.title ?? f.id;
          return { id: f.id, title: f.title ?? f.id };
        });
        this.add({
          conversation: this.conversationOf(String(a.channel_id ?? a.channels ?? '')),
          user: BOT_USER,
          text: String(a.initial_comment ?? ''),
          threadTs: a.thread_ts as string | undefined,
          files,
        });
        return;
      }
      case 'views.publish':
        this.homes.set(String(a.user_id), { ...(a.view as Obj), id: (result.view as Obj | undefined)?.id });
        this.changed();
        return;
      case 'views.open':
      case 'views.push':
        this.openView(call.method, a, result);
        return;
      case 'views.update':
        this.updateView(a, result);
        return;
    }
  }

  private openView(method: string, a: Obj, result: Obj): void {
    const trigger = this.triggers.get(String(a.trigger_id));
    const view = result.view as Obj | undefined;
    if (!trigger || !view) return;
    // Slack refuses a trigger older than 3 s (expired_trigger_id); the console shows why nothing opened.
    if (Date.now() - trigger.at > 3000) {
      this.notice(
        trigger.user,
        `${method} came more than 3 s after the click: Slack would refuse it (expired_trigger_id).`,
      );
      return;
    }
    const stack = method === 'views.push' ? (this.modals.get(trigger.user) ?? []) : [];
    stack.push({ id: String(view.id), view, hash: String(Date.now()) });
    this.modals.set(trigger.user, stack);
    this.changed();
  }

  private updateView(a: Obj, result: Obj): void {
    for (const stack of this.modals.values()) {
      const i = stack.findIndex(
        (v) => v.id === a.view_id || (a.external_id !== undefined && v.view.external_id === a.external_id),
      );
      if (i < 0) continue;
      const current = stack[i]!;
      stack[i] = {
        id: current.id,
        view: { ...(result.view as Obj), id: current.id },
        hash: String(Date.now()),
      };
      this.changed();
      return;
    }
    for (const [user, home] of this.homes) {
      if (home.id === a.view_id) this.homes.set(user, { ...(a.view as Obj), id: home.id });
    }
    this.changed();
  }

  /** A line only this user sees, from the console itself (Slack's own error notes). */
  notice(user: string, text: string, conversation = 'C0OPS'): void {
    this.add({ conversation, user: 'USLACKBOT', text, ephemeralTo: user, system: true });
  }
}
