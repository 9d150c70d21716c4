import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A file object as Slack's Web API and interaction payloads describe one (the fields apps read). */
export interface SlackFile {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  user_team: string;
  mode: 'hosted';
  is_external: false;
  is_public: false;
  size: number;
  /** Readable only with a token (`Authorization: Bearer xoxb-…`) that has files:read. */
  url_private: string;
  url_private_download: string;
  permalink: string;
}

interface Stored extends SlackFile {
  content: string;
}

export interface FileStore {
  /** What a user shares (a file input, a message): stored and described as Slack would. */
  share(f: { name: string; content: string; user?: string; filetype?: string }, baseUrl: string): SlackFile;
  /** files.getUploadURLExternal: the name the app gave for a file whose bytes come next. */
  expect(id: string, name: string): void;
  /** The bytes posted to an upload_url. */
  uploaded(id: string, content: string): void;
  /** files.completeUploadExternal: the uploaded file is shared under its title. */
  complete(id: string, title: string | undefined, user: string, baseUrl: string): boolean;
  get(id: string): Stored | undefined;
}

const TEAM = 'T0SIM';

/**
 * Slack's file type (its own names: a .txt is `text`) and the MIME type it reports, by extension;
 * a name it does not know is `binary`, as Slack files an unknown upload.
 */
const TYPES: Record<string, [filetype: string, mimetype: string]> = {
  txt: ['text', 'text/plain'],
  log: ['text', 'text/plain'],
  csv: ['csv', 'text/csv'],
  yaml: ['yaml', 'text/plain'],
  yml: ['yaml', 'text/plain'],
  json: ['json', 'application/json'],
  sh: ['shell', 'text/plain'],
  png: ['png', 'image/png'],
  jpg: ['jpg', 'image/jpeg'],
  pdf: ['pdf', 'application/pdf'],
  gz: ['gzip', 'application/gzip'],
  zip: ['zip', 'application/zip'],
};
function typeOf(name: string): [string, string] {
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  return TYPES[ext] ?? ['binary', 'application/octet-stream'];
}

export function newFileStore(): FileStore {
  const files = new Map<string, Stored>();
  const pending = new Map<string, { name: string; content?: string }>();
  const describe = (
    id: string,
    name: string,
    title: string,
    content: string,
    user: string,
    baseUrl: string,
    filetype?: string,
  ): Stored => {
    const now = Math.floor(Date.now() / 1000);
    const [type, mimetype] = typeOf(name);
    const path = `${baseUrl}/files-pri/${TEAM}-${id}`;
    return {
      id,
      created: now,
      timestamp: now,
      name,
      title,
      mimetype,
      filetype: filetype ?? type,
      pretty_type: (filetype ?? type).toUpperCase(),
      user,
      user_team: TEAM,
      mode: 'hosted',
      is_external: false,
      is_public: false,
      size: Buffer.byteLength(content),
      url_private: `${path}/${encodeURIComponent(name)}`,
      url_private_download: `${path}/download/${encodeURIComponent(name)}`,
      permalink: `${baseUrl}/files/${user}/${id}/${encodeURIComponent(name)}`,
      content,
    };
  };
  const publicPart = ({ content: _, ...file }: Stored): SlackFile => file;
  return {
    share: (f, baseUrl) => {
      const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
      const file = describe(id, f.name, f.name, f.content, f.user ?? 'U0SIM', baseUrl, f.filetype);
      files.set(id, file);
      return publicPart(file);
    },
    expect: (id, name) => {
      pending.set(id, { name });
    },
    uploaded: (id, content) => {
      const p = pending.get(id);
      if (p) p.content = content;
    },
    complete: (id, title, user, baseUrl) => {
      if (files.has(id)) return true;
      const p = pending.get(id);
      if (p?.content === undefined) return false;
      pending.delete(id);
      files.set(id, describe(id, p.name, title ?? p.name, p.content, user, baseUrl));
      return true;
    },
    get: (id) => files.get(id),
  };
}

/** files.info */
export function fileInfo(files: FileStore, args: Record<string, unknown>): Record<string, unknown> {
  const file = files.get(String(args.file ?? ''));
  if (!file) return { ok: false, error: 'file_not_found' };
  const { content: _, ...described } = file;
  return { ok: true, file: described };
}

/**
 * GET url_private / url_private_download. As on files.slack.com, a request without a token is
 * redirected to the sign-in page (an HTML 200 after the redirect), not refused: an app that forgets
 * the token reads HTML instead of the file.
 */
export function serveFile(files: FileStore, path: string, req: IncomingMessage, res: ServerResponse): void {
  if (path === '/signin') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html><head><title>Sign in | Slack</title></head><body>Sign in</body></html>');
    return;
  }
  const auth = req.headers.authorization ?? '';
  if (!/^Bearer xox[bpa]-/.test(auth)) {
    res.writeHead(302, { location: `/signin?redir=${encodeURIComponent(path)}` });
    res.end();
    return;
  }
  const id = /^\/files-pri\/[A-Z0-9]+-([A-Z0-9]+)\//.exec(path)?.[1] ?? '';
  const file = files.get(id);
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('file not found');
    return;
  }
  const download = path.includes('/download/');
  res.writeHead(200, {
    'content-type': download ? 'application/octet-stream' : file.mimetype,
    ...(download
      ? { 'content-disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"` }
      : {}),
  });
  res.end(file.content);
}
