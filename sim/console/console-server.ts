import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { helmUpgradeFromCommand } from '../helm/helm-cli';
import { HelmError } from '../helm/helm-upgrade';
import type { FakeSlack } from '../slack/fake-slack';
import { findBootstraps } from './bootstrap-finder';
import {
  APP_ID,
  type BotAnswer,
  type BotEndpoint,
  event,
  interaction,
  newTriggerId,
  slashCommand,
  TEAM,
  userObject,
} from './bot-requests';
import { findHelmCommands } from './helm-finder';
import { mrkdwnToHtml, withHtml } from './mrkdwn';
import { BOT_USER, type ConsoleMessage, type ConsoleUser, type OpenView, Workspace } from './workspace';

/**
 * The sandbox console: a Slack-like page over the simulator's fake Slack. It shows what the bot sent
 * (channels, direct messages, modals, the Home tab) live over server-sent events, and sends the bot what
 * Slack would (signed slash commands, block_actions, view_submission, app_home_opened). It talks to the
 * bot and the simulator's control API only.
 */
type Obj = Record<string, unknown>;

export interface ConsoleOptions {
  slack: FakeSlack;
  bot: BotEndpoint;
  /** The simulator's AWS endpoint, whose /_sim/… is the control API. */
  simUrl: string;
  port?: number;
  host?: string;
  users?: ConsoleUser[];
  /** Channel IDs and names for the sidebar. */
  channels?: { id: string; name: string }[];
}

export interface RunningConsole {
  url: string;
  workspace: Workspace;
  close(): Promise<void>;
}

export const DEMO_USERS: ConsoleUser[] = [
  { id: 'U0ADMIN', name: 'ada.admin', role: 'admin' },
  { id: 'U0APPROVER', name: 'april.approver', role: 'approver' },
  { id: 'U0OPERATOR', name: 'oscar.operator', role: 'operator' },
  { id: 'U0VIEWER', name: 'vera.viewer', role: 'viewer' },
];

export const DEMO_CHANNELS = [
  { id: 'C0OPS', name: 'hybrid-ops' },
  { id: 'C0ALERTS', name: 'hybrid-alerts' },
  { id: 'C0GITOPS', name: 'gitops-ops' },
];

const PUBLIC = join(__dirname, 'public');
const VENDOR: Record<string, string> = {
  'preact.mjs': require.resolve('preact'),
  'hooks.mjs': require.resolve('preact/hooks'),
  'htm.mjs': join(require.resolve('htm'), '..', 'htm.mjs'),
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const SIM_ROUTES = [/^nodes\/[^/]+\/ready$/, /^sites\/[^/]+\/outage$/, /^faults$/];

export async function startConsole(o: ConsoleOptions): Promise<RunningConsole> {
  const users = o.users ?? DEMO_USERS;
  const channels = o.channels ?? DEMO_CHANNELS;
  // The sidebar's channels are the workspace's, the bot invited to each.
  for (const c of channels) o.slack.setChannel(c.id, { name: c.name, botIsMember: true });
  const ws = new Workspace(users);
  const unsubscribe = o.slack.onCall((call) => ws.apply(call));
  const names: Record<string, string> = {
    [BOT_USER]: 'hybrid-bot',
    USLACKBOT: 'Slackbot',
    ...Object.fromEntries(users.map((u) => [u.id, u.name])),
    ...Object.fromEntries(channels.map((c) => [c.id, c.name])),
  };
  const clients = new Set<{ res: ServerResponse; user: string }>();
  let pending: NodeJS.Timeout | undefined;
  ws.onChange(() => {
    pending ??= setTimeout(() => {
      pending = undefined;
      for (const c of clients) push(c);
    }, 25);
  });

  const userName = (id: string) => users.find((u) => u.id === id)?.name ?? id;
  const channelName = (conversation: string) =>
    conversation.startsWith('D:') ? 'directmessage' : (names[conversation] ?? conversation);

  function stateFor(user: string): Obj {
    const visible = ws.messages.filter(
      (m) =>
        (m.ephemeralTo === undefined || m.ephemeralTo === user) &&
        (!m.conversation.startsWith('D:') || m.conversation === `D:${user}`),
    );
    const seen = new Set(channels.map((c) => c.id));
    const extra = [...new Set(visible.map((m) => m.conversation))].filter(
      (c) => !seen.has(c) && !c.startsWith('D:'),
    );
    const home = ws.homes.get(user);
    return {
      me: user,
      users,
      names,
      channels: [...channels, ...extra.map((id) => ({ id, name: id }))],
      messages: visible.map((m) => ({
        ...m,
        blocks: withHtml(m.blocks, names),
        html: mrkdwnToHtml(m.text, names),
      })),
      modals: (ws.modals.get(user) ?? []).map((v) => ({ ...v, view: withHtml(v.view, names) })),
      home: home ? withHtml(home, names) : undefined,
      bootstraps: findBootstraps(ws.messages, user, ws.files).map((b) => ({
        host: b.host,
        messageTs: b.messageTs,
        ssm: Boolean(b.activationId || b.script),
        joins: Boolean(b.nodeConfig || b.script?.includes('nodeadm init')),
      })),
      helmCommands: findHelmCommands(ws.messages, user, ws.files).map((h) => ({
        cluster: h.cluster,
        messageTs: h.messageTs,
        command: h.command,
      })),
    };
  }

  function push(c: { res: ServerResponse; user: string }): void {
    c.res.write(`data: ${JSON.stringify(stateFor(c.user))}\n\n`);
  }

  function responseUrl(ctx: {
    user: string;
    conversation: string;
    messageTs?: string;
    threadTs?: string;
  }): string {
    const url = o.slack.responseUrl();
    ws.responseUrls.set(new URL(url).pathname, ctx);
    return url;
  }

  function trigger(user: string): string {
    const id = newTriggerId();
    ws.triggers.set(id, { user, at: Date.now() });
    return id;
  }

  /** Slack's own words when the app does not answer a request properly. */
  function failed(user: string, conversation: string, what: string, a: BotAnswer | Error): void {
    const why = a instanceof Error ? a.message : `HTTP ${a.status}${a.raw ? `: ${a.raw.slice(0, 300)}` : ''}`;
    ws.notice(user, `${what} failed: the app answered ${why}`, conversation);
  }

  async function command(b: {
    as: string;
    conversation: string;
    text: string;
    threadTs?: string;
  }): Promise<void> {
    const text = b.text.trim();
    if (!text.startsWith('/')) {
      // A person's message: shown, not sent to the bot (it listens to slash commands and clicks).
      ws.add({ conversation: b.conversation, user: b.as, text, threadTs: b.threadTs });
      return;
    }
    const [name] = text.split(/\s/);
    if (name !== '/hybrid') {
      ws.notice(b.as, `${name} is not a valid command. This workspace has /hybrid.`, b.conversation);
      return;
    }
    const ctx = { user: b.as, conversation: b.conversation };
    try {
      const answer = await slashCommand(o.bot, {
        user: b.as,
        userName: userName(b.as),
        channel: ws.channelIdOf(b.conversation),
        channelName: channelName(b.conversation),
        text,
        responseUrl: responseUrl(ctx),
        triggerId: trigger(b.as),
      });
      if (answer.status !== 200) return failed(b.as, b.conversation, name, answer);
      if (answer.body) ws.reply(answer.body, ctx);
    } catch (e) {
      failed(b.as, b.conversation, name, e as Error);
    }
  }

  async function action(b: {
    as: string;
    source: { kind: 'message'; ts: string } | { kind: 'view'; viewId: string };
    blockId?: string;
    action: Obj;
    state?: Obj;
  }): Promise<void> {
    const act = { ...b.action, block_id: b.blockId, action_ts: `${Date.now() / 1000}` };
    const base = {
      type: 'block_actions',
      user: userObject(b.as, userName(b.as)),
      api_app_id: APP_ID,
      token: 'sandbox-verification-token',
      team: TEAM,
      enterprise: null,
      is_enterprise_install: false,
      trigger_id: trigger(b.as),
      actions: [act],
    };
    if (b.source.kind === 'message') {
      const m = ws.find(b.source.ts);
      if (!m) return;
      const channel = ws.channelIdOf(m.conversation);
      const answer = await interaction(o.bot, {
        ...base,
        container: {
          type: 'message',
          message_ts: m.ts,
          channel_id: channel,
          is_ephemeral: m.ephemeralTo !== undefined,
          ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
        },
        channel: { id: channel, name: channelName(m.conversation) },
        // Slack sends the message with the click, except for ephemeral ones.
        ...(m.ephemeralTo === undefined
          ? {
              message: {
                type: 'message',
                user: BOT_USER,
                bot_id: 'B0HYBRIDBOT',
                ts: m.ts,
                text: m.text,
                blocks: m.blocks,
                ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
              },
            }
          : {}),
        state: { values: b.state ?? {} },
        response_url: responseUrl({
          user: b.as,
          conversation: m.conversation,
          messageTs: m.ts,
          threadTs: m.threadTs,
        }),
      }).catch((e: Error) => e);
      if (answer instanceof Error || answer.status !== 200)
        failed(b.as, m.conversation, 'That action', answer);
      return;
    }
    const viewId = b.source.viewId;
    const open = findView(b.as, viewId);
    if (!open) return;
    const answer = await interaction(o.bot, {
      ...base,
      container: { type: 'view', view_id: viewId },
      view: viewPayload(open, b.state ?? {}),
    }).catch((e: Error) => e);
    if (answer instanceof Error || answer.status !== 200) failed(b.as, 'C0OPS', 'That action', answer);
  }

  /** An external select's options: Slack asks the app with block_suggestion as the person types. */
  async function suggest(b: {
    as: string;
    source: { kind: 'message'; ts: string } | { kind: 'view'; viewId: string };
    blockId?: string;
    actionId: string;
    value: string;
  }): Promise<Obj> {
    const where: Obj = {};
    if (b.source.kind === 'message') {
      const m = ws.find(b.source.ts);
      if (!m) return { options: [] };
      const channel = ws.channelIdOf(m.conversation);
      Object.assign(where, {
        container: {
          type: 'message',
          message_ts: m.ts,
          channel_id: channel,
          is_ephemeral: m.ephemeralTo !== undefined,
        },
        channel: { id: channel, name: channelName(m.conversation) },
      });
    } else {
      const open = findView(b.as, b.source.viewId);
      if (!open) return { options: [] };
      Object.assign(where, { container: { type: 'view', view_id: open.id }, view: viewPayload(open, {}) });
    }
    const answer = await interaction(o.bot, {
      type: 'block_suggestion',
      user: userObject(b.as, userName(b.as)),
      team: TEAM,
      api_app_id: APP_ID,
      token: 'sandbox-verification-token',
      action_id: b.actionId,
      block_id: b.blockId,
      value: b.value,
      ...where,
    }).catch((e: Error) => e);
    if (answer instanceof Error || answer.status !== 200)
      return { options: [], error: 'the app did not answer' };
    return withHtml(answer.body ?? { options: [] }, names);
  }

  function findView(user: string, viewId: string): OpenView | undefined {
    const modal = (ws.modals.get(user) ?? []).find((v) => v.id === viewId);
    if (modal) return modal;
    const home = ws.homes.get(user);
    return home && home.id === viewId ? { id: viewId, view: home, hash: '0' } : undefined;
  }

  function viewPayload(open: OpenView, values: Obj): Obj {
    const stack = ws.modals.values();
    let root = open.id;
    for (const s of stack) if (s.some((v) => v.id === open.id)) root = s[0]?.id ?? open.id;
    return {
      ...open.view,
      id: open.id,
      team_id: TEAM.id,
      app_id: APP_ID,
      bot_id: 'B0HYBRIDBOT',
      private_metadata: open.view.private_metadata ?? '',
      callback_id: open.view.callback_id ?? '',
      external_id: open.view.external_id ?? '',
      state: { values },
      hash: open.hash,
      root_view_id: root,
      previous_view_id: null,
    };
  }

  async function submit(b: { as: string; viewId: string; values: Obj }): Promise<void> {
    const stack = ws.modals.get(b.as) ?? [];
    const i = stack.findIndex((v) => v.id === b.viewId);
    const open = stack[i];
    if (!open) return;
    const answer = await interaction(o.bot, {
      type: 'view_submission',
      team: TEAM,
      user: userObject(b.as, userName(b.as)),
      api_app_id: APP_ID,
      token: 'sandbox-verification-token',
      trigger_id: trigger(b.as),
      view: viewPayload(open, b.values),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    }).catch((e: Error) => e);
    if (answer instanceof Error || answer.status !== 200) {
      open.errors = {
        '': `We had some trouble connecting (${answer instanceof Error ? answer.message : `HTTP ${answer.status}`}). Try again?`,
      };
      ws.changed();
      return;
    }
    const body = answer.body ?? {};
    switch (body.response_action) {
      case 'errors':
        open.errors = body.errors as Record<string, string>;
        break;
      case 'update':
        stack[i] = { id: open.id, view: { ...(body.view as Obj), id: open.id }, hash: String(Date.now()) };
        break;
      case 'push':
        stack.push({
          id: `V${randomBytes(5).toString('hex').toUpperCase()}`,
          view: body.view as Obj,
          hash: String(Date.now()),
        });
        break;
      case 'clear':
        ws.modals.set(b.as, []);
        break;
      default:
        stack.splice(i, 1);
    }
    ws.changed();
  }

  async function closeView(b: { as: string; viewId: string }): Promise<void> {
    const stack = ws.modals.get(b.as) ?? [];
    const open = stack.find((v) => v.id === b.viewId);
    if (!open) return;
    ws.modals.set(b.as, []);
    ws.changed();
    if (open.view.notify_on_close === true) {
      await interaction(o.bot, {
        type: 'view_closed',
        team: TEAM,
        user: userObject(b.as, userName(b.as)),
        api_app_id: APP_ID,
        view: viewPayload(open, {}),
        is_cleared: true,
      }).catch(() => undefined);
    }
  }

  async function simControl(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${o.simUrl.replace(/\/$/, '')}/_sim/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  }

  async function bootstrap(b: { as: string; host: string }): Promise<{ status: number; body: unknown }> {
    const found = findBootstraps(ws.messages, b.as, ws.files).find((f) => f.host === b.host);
    if (!found)
      return { status: 404, body: { error: `no bootstrap instructions for ${b.host} in your messages` } };
    if (found.script) {
      // Pasted at the host as is; a failing script is the host refusing it, with what the shell printed.
      const r = await simControl('POST', `hosts/${encodeURIComponent(b.host)}/run`, { script: found.script });
      const out = r.body as { exitCode?: number; stderr?: string; stdout?: string };
      if (r.status === 200 && out.exitCode !== 0) {
        return { status: 400, body: { error: out.stderr || out.stdout || `exit code ${out.exitCode}` } };
      }
      return r;
    }
    return simControl('POST', `hosts/${encodeURIComponent(b.host)}/bootstrap`, {
      activationId: found.activationId,
      activationCode: found.activationCode,
      nodeConfig: found.nodeConfig,
      kubernetesVersion: found.kubernetesVersion,
    });
  }

  /**
   * The user runs the newest helm command the bot sent them for this cluster, with its file saved as
   * values.yaml, as they would at their terminal against that cluster: through the simulator's helm.
   */
  async function runHelm(b: { as: string; cluster: string }): Promise<{ status: number; body: unknown }> {
    const found = findHelmCommands(ws.messages, b.as, ws.files).find((h) => h.cluster === b.cluster);
    if (!found) return { status: 404, body: { error: `no helm command for ${b.cluster} in your messages` } };
    try {
      const request = helmUpgradeFromCommand(found.command, (name) =>
        name === 'values.yaml' ? found.valuesYaml : undefined,
      );
      return simControl('POST', `clusters/${encodeURIComponent(b.cluster)}/helm`, request);
    } catch (e) {
      if (e instanceof HelmError) return { status: 400, body: { error: `Error: ${e.message}` } };
      throw e;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const p = url.pathname;
    if (req.method === 'GET' && p === '/api/events') {
      const user = url.searchParams.get('as') ?? users[0]?.id ?? 'U0OPERATOR';
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      const client = { res, user };
      clients.add(client);
      req.on('close', () => clients.delete(client));
      push(client);
      return;
    }
    if (req.method === 'GET' && p.startsWith('/files/')) {
      const file = ws.files.get(p.split('/')[2] ?? '');
      if (!file) return json(res, 404, { error: 'no such file' });
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
      });
      res.end(file.content);
      return;
    }
    if (req.method === 'GET' && p === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (req.method === 'GET' && p === '/api/sim/state') {
      const r = await simControl('GET', 'state');
      return json(res, r.status, r.body);
    }
    if (req.method === 'GET') return staticFile(p, res);
    const body = (await readJson(req)) as Obj & { as: string };
    if (!users.some((u) => u.id === body.as))
      return json(res, 400, { error: 'act as one of the workspace users' });
    switch (p) {
      case '/api/command':
        await command(body as never);
        return json(res, 200, { ok: true });
      case '/api/action':
        await action(body as never);
        return json(res, 200, { ok: true });
      case '/api/submit':
        await submit(body as never);
        return json(res, 200, { ok: true });
      case '/api/suggest':
        return json(res, 200, await suggest(body as never));
      case '/api/close':
        await closeView(body as never);
        return json(res, 200, { ok: true });
      case '/api/home': {
        const a = await event(o.bot, {
          type: 'app_home_opened',
          user: body.as,
          channel: `D0${body.as}`,
          tab: 'home',
        }).catch((e: Error) => e);
        if (a instanceof Error || a.status !== 200)
          failed(body.as, `D:${body.as}`, 'Opening the Home tab', a);
        return json(res, 200, { ok: true });
      }
      case '/api/files': {
        // A file picked (or pasted) in a file input: stored by the fake Slack, as Slack stores an upload, and
        // described by its file object; its url_private answers only a request with the bot's token.
        const name = String(body.name || 'pasted.txt');
        return json(
          res,
          200,
          o.slack.shareFile({ name, content: String(body.content ?? ''), user: body.as }),
        );
      }
      case '/api/sim/bootstrap': {
        const r = await bootstrap(body as never);
        return json(res, r.status, r.body);
      }
      case '/api/sim/helm': {
        const r = await runHelm(body as never);
        return json(res, r.status, r.body);
      }
    }
    const sim = /^\/api\/sim\/(.+)$/.exec(p)?.[1];
    if (sim && SIM_ROUTES.some((r) => r.test(sim)) && (req.method === 'POST' || req.method === 'DELETE')) {
      const { as: _as, ...rest } = body;
      const r = await simControl(req.method, sim, req.method === 'POST' ? rest : undefined);
      return json(res, r.status, r.body);
    }
    return json(res, 404, { error: `no route ${req.method} ${p}` });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: Error) => json(res, 500, { error: e.message }));
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}/`,
    workspace: ws,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        clearTimeout(pending);
        for (const c of clients) c.res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function staticFile(p: string, res: ServerResponse): Promise<void> {
  const vendor = /^\/vendor\/([\w.]+)$/.exec(p)?.[1];
  const file = vendor
    ? VENDOR[vendor]
    : join(PUBLIC, normalize(p === '/' ? 'index.html' : p).replace(/^(\.\.[/\\])+/, ''));
  if (!file || (!vendor && !file.startsWith(PUBLIC))) return json(res, 404, { error: 'not found' });
  try {
    const content = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(content);
  } catch {
    json(res, 404, { error: 'not found' });
  }
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        resolve(raw ? JSON.parse(raw) : {});
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export type { ConsoleMessage };
