import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FileStore, newFileStore, type SlackFile, serveFile } from './files';
import { answerMethod, type SlackChannel } from './methods';
import { SocketModeServer } from './socket-mode';

/** One call the fake Slack received: a Web API method, or a POST to a response_url. */
export interface SlackCall {
  kind: 'api' | 'response_url' | 'upload';
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** HTTP status the fake answered: 429 and 500 come from injected faults. */
  status: number;
  /** What the fake answered (a message's ts, a view's id), for whoever follows the calls. */
  result?: Record<string, unknown>;
}

export interface SlackFault {
  errorRate?: number;
  throttleRate?: number;
  latencyMs?: number;
  retryAfterSeconds?: number;
}

export interface FakeSlack {
  /** Base URL for SLACK_API_URL, ending in /api/. */
  url: string;
  /** Makes a response_url the way Slack hands one out with each slash command or click. */
  responseUrl(): string;
  calls(): SlackCall[];
  clear(): void;
  setFault(fault?: SlackFault): void;
  /** Slack's Socket Mode end, for apps started with an app-level token. */
  socketMode: SocketModeServer;
  /** Who belongs to which user group (S…), as usergroups.users.list will answer. */
  setUserGroups(groups: Record<string, string[]>): void;
  /** A channel of the workspace (created, renamed, the bot invited or removed), as conversations.info will answer. */
  setChannel(id: string, channel: SlackChannel): void;
  /**
   * A file a user shares, e.g. through a modal's file input: Slack stores it and hands the app its
   * file object (url_private, url_private_download), which the app downloads with its bot token.
   */
  shareFile(file: { name: string; content: string; user?: string; filetype?: string }): SlackFile;
  /** A file as stored (shared by a user or uploaded by the bot), or undefined. */
  file(id: string): (SlackFile & { content: string }) | undefined;
  /** Calls `listener` with each call as it is answered (the sandbox console follows them); returns an unsubscribe. */
  onCall(listener: (call: SlackCall) => void): () => void;
  close(): Promise<void>;
}

export async function startFakeSlack(opts: { port?: number; host?: string } = {}): Promise<FakeSlack> {
  const host = opts.host ?? '127.0.0.1';
  const calls: SlackCall[] = [];
  let fault: SlackFault | undefined;
  const userGroups: Record<string, string[]> = {};
  const channels = new Map<string, SlackChannel>();
  const listeners = new Set<(call: SlackCall) => void>();
  const files: FileStore = newFileStore();
  const record = (call: SlackCall): void => {
    calls.push(call);
    for (const l of listeners) l(call);
  };
  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => handle(req, res, raw))
      .catch((err: Error) => send(res, 500, { ok: false, error: err.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    const path0 = path.replace(/^\/api\//, '');
    if (fault?.throttleRate && Math.random() < fault.throttleRate) {
      calls.push({ kind: 'api', method: path0, args: {}, at: Date.now(), status: 429 });
      res.setHeader('Retry-After', String(fault.retryAfterSeconds ?? 1));
      return send(res, 429, { ok: false, error: 'ratelimited' });
    }
    if (fault?.errorRate && Math.random() < fault.errorRate) {
      calls.push({ kind: 'api', method: path0, args: {}, at: Date.now(), status: 500 });
      return send(res, 500, { ok: false, error: 'internal_error' });
    }
    if (path.startsWith('/upload/')) {
      // A file's bytes, sent to the upload_url files.getUploadURLExternal handed out.
      const type = req.headers['content-type'] ?? '';
      const content = type.includes('multipart/form-data')
        ? await multipartContent(raw, type)
        : type.includes('form')
          ? String(parseBody(req, raw).body ?? raw)
          : raw;
      record({ kind: 'upload', method: path, args: { content }, at: Date.now(), status: 200 });
      files.uploaded(path.split('/')[2] ?? '', content);
      return send(res, 200, { ok: true });
    }
    if (path.startsWith('/response/')) {
      record({
        kind: 'response_url',
        method: path,
        args: parseBody(req, raw),
        at: Date.now(),
        status: 200,
      });
      return send(res, 200, { ok: true });
    }
    if (path.startsWith('/files-pri/') || path === '/signin') return serveFile(files, path, req, res);
    const method = path.replace(/^\/api\//, '');
    if (!req.headers.authorization?.startsWith('Bearer ') && !/(^|&)token=/.test(raw)) {
      return send(res, 200, { ok: false, error: 'not_authed' });
    }
    const args = parseBody(req, raw);
    const call: SlackCall = { kind: 'api', method, args, at: Date.now(), status: 200 };
    calls.push(call);
    if (method === 'apps.connections.open') {
      return send(res, 200, {
        ok: true,
        url: `ws://${host}:${(server.address() as AddressInfo).port}/socket-mode`,
      });
    }
    const result = answerMethod(method, args, { userGroups, baseUrl: baseUrlOf(), files, channels });
    call.result = result;
    for (const l of listeners) l(call);
    return send(res, 200, result);
  }

  const baseUrlOf = () => `http://${host}:${(server.address() as AddressInfo).port}`;
  const socketMode = new SocketModeServer(server);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://${host}:${port}`;
  return {
    url: `${base}/api/`,
    responseUrl: () => `${base}/response/T0SIM/${Date.now()}/${randomBytes(8).toString('hex')}`,
    socketMode,
    calls: () => [...calls],
    clear: () => {
      calls.length = 0;
    },
    setFault: (f) => {
      fault = f;
    },
    shareFile: (f) => files.share(f, base),
    file: (id) => files.get(id),
    onCall: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setUserGroups: (groups) => {
      for (const k of Object.keys(userGroups)) delete userGroups[k];
      Object.assign(userGroups, groups);
    },
    setChannel: (id, channel) => {
      channels.set(id, { ...channel });
    },
    close: () =>
      new Promise<void>((resolve) => {
        socketMode.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The file in a multipart upload (Slack's upload_url takes the bytes as a form's one field). */
async function multipartContent(raw: string, contentType: string): Promise<string> {
  try {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const [first] = [...form.values()];
    return typeof first === 'string' ? first : ((await first?.text()) ?? raw);
  } catch {
    return raw;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Slack's Web API takes JSON or form bodies; in form bodies, nested values arrive as JSON strings. */
function parseBody(req: IncomingMessage, raw: string): Record<string, unknown> {
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    return JSON.parse(raw) as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? tryJson(v) : v;
  }
  delete out.token;
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
