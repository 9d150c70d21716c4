import { ErrorCode as SlackErrorCode, WebClient } from '@slack/web-api';
import type { SlackBlock } from '../../blocks/types';
import { BotError, ErrorCode } from '../../errors';
import type { Logger } from '../../logger';
import type { BotMetrics } from '../../metrics-ports';
import { slackLogger } from './slack-logger';

/** Thrown when Slack answers 429: the outbox holds back `method` for `retryAfterMs` and tries again. */
export class SlackRateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    /** The Web API method (Slack's limits are per method), or `response_url`. */
    readonly method: string,
  ) {
    super(`Slack rate limit on ${method}: retry after ${retryAfterMs} ms`);
  }
}

export interface SlackSender {
  postMessage(msg: {
    channel: string;
    text: string;
    blocks?: SlackBlock[];
    threadTs?: string;
  }): Promise<{ ts: string }>;
  updateMessage(msg: { channel: string; ts: string; text: string; blocks?: SlackBlock[] }): Promise<void>;
  publishHome(user: string, view: Record<string, unknown>): Promise<void>;
  /** Shares a file in the bot's direct messages with one user: only they can see it. */
  sendFileToUser(
    user: string,
    file: { filename: string; title: string; content: string; comment?: string },
  ): Promise<void>;
  /** A file in the thread of a message the bot posted. */
  shareFileInThread(
    channel: string,
    threadTs: string,
    file: { filename: string; title: string; content: string; comment?: string },
  ): Promise<void>;
  respond(responseUrl: string, body: Record<string, unknown>): Promise<void>;
  /** Reads, not writes: used by jobs that refresh cached Slack facts. */
  userGroupMembers(groupId: string): Promise<string[]>;
  /** The text of a file shared with the bot (a form's file input), at most `limit.bytes` (1 MB unless given). */
  downloadFile(url: string, limit?: DownloadLimit): Promise<string>;
  /** A file named by its ID (files.info), and its text, at most 1 MB. */
  fileById(id: string): Promise<{ name: string; text: string }>;
  /** A channel as the bot sees it (conversations.info); undefined when Slack shows the bot no channel of that ID. */
  channelInfo(id: string): Promise<{ id: string; name: string; isMember: boolean } | undefined>;
}

/** How much of a file to read, and what to tell the user when it is bigger. */
export interface DownloadLimit {
  bytes: number;
  tooBig: string;
}

/** The Slack Web API through @slack/web-api; retries are the outbox's job, not the client's. */
export function createSlackSender(opts: {
  token: string;
  apiUrl?: string;
  log: Logger;
  /** Counts each call by method and outcome (429s apart). */
  metrics?: BotMetrics;
}): SlackSender {
  const client = new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    rejectRateLimitedCalls: true,
    logger: slackLogger(opts.log),
    retryConfig: { retries: 0 },
  });
  const counted = async <T>(method: string, fn: () => Promise<T>): Promise<T> => {
    try {
      const result = await fn();
      opts.metrics?.slackCall(method, 'ok');
      return result;
    } catch (err) {
      opts.metrics?.slackCall(method, err instanceof SlackRateLimited ? 'rate_limited' : 'error');
      throw err;
    }
  };
  const call = <T>(method: string, fn: () => Promise<T>): Promise<T> =>
    counted(method, async () => {
      try {
        return await fn();
      } catch (err) {
        throw mapSlackError(err, method);
      }
    });
  return {
    postMessage: (m) =>
      call('chat.postMessage', async () => {
        const r = await client.chat.postMessage({
          channel: m.channel,
          text: m.text,
          blocks: m.blocks,
          thread_ts: m.threadTs,
        } as never);
        return { ts: String(r.ts) };
      }),
    updateMessage: (m) =>
      call('chat.update', async () => {
        await client.chat.update({ channel: m.channel, ts: m.ts, text: m.text, blocks: m.blocks } as never);
      }),
    sendFileToUser: (user, file) =>
      call('files.uploadV2', async () => {
        const dm = await client.conversations.open({ users: user });
        const channel = dm.channel?.id;
        if (!channel) throw new BotError(ErrorCode.Unavailable, 'Slack did not open a direct message.');
        await client.filesUploadV2({
          channel_id: channel,
          filename: file.filename,
          title: file.title,
          content: file.content,
          initial_comment: file.comment,
        } as never);
      }),
    shareFileInThread: (channel, threadTs, file) =>
      call('files.uploadV2', async () => {
        await client.filesUploadV2({
          channel_id: channel,
          thread_ts: threadTs,
          filename: file.filename,
          title: file.title,
          content: file.content,
          initial_comment: file.comment,
        } as never);
      }),
    publishHome: (user, view) =>
      call('views.publish', async () => {
        await client.views.publish({ user_id: user, view } as never);
      }),
    respond: (url, body) =>
      counted('response_url', async () => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).catch((err: Error) => {
          throw new BotError(ErrorCode.Unavailable, 'Slack could not be reached.', { cause: err });
        });
        if (res.status === 429) {
          throw new SlackRateLimited(Number(res.headers.get('retry-after') ?? 1) * 1000, 'response_url');
        }
        // response_url answers 404 once it has been used 5 times or 30 minutes have passed: retrying cannot help.
        if (res.status === 404 || res.status === 410) {
          throw new BotError(ErrorCode.NotFound, 'The reply link Slack gave expired.', { retryable: false });
        }
        if (!res.ok) throw new BotError(ErrorCode.Unavailable, `Slack answered HTTP ${res.status}.`);
      }),
    downloadFile: (url, limit) => downloadFile(url, opts, limit),
    fileById: async (id) => {
      const info = await call('files.info', () => client.files.info({ file: id }));
      const url = info.file?.url_private_download ?? info.file?.url_private;
      if (!url) throw new BotError(ErrorCode.NotFound, `Slack has no file ${id}: share it again.`);
      return { name: info.file?.name ?? id, text: await downloadFile(url, opts) };
    },
    channelInfo: async (id) => {
      try {
        const r = await client.conversations.info({ channel: id });
        return { id, name: r.channel?.name ?? id, isMember: r.channel?.is_member === true };
      } catch (err) {
        const e = err as { code?: string; data?: { error?: string } };
        // A private channel the bot is not in is as unknown to it as one that does not exist.
        if (e.code === SlackErrorCode.PlatformError && e.data?.error === 'channel_not_found')
          return undefined;
        if (e.code === SlackErrorCode.PlatformError && e.data?.error === 'missing_scope') {
          throw new BotError(
            ErrorCode.Validation,
            "The Slack app lacks the channels:read and groups:read scopes: reinstall it from the bot's manifest.yml.",
            { cause: err, retryable: false },
          );
        }
        throw mapSlackError(err, 'conversations.info');
      }
    },
    userGroupMembers: (groupId) =>
      call('usergroups.users.list', async () => {
        const r = await client.usergroups.users.list({ usergroup: groupId });
        return r.users ?? [];
      }),
  };
}

function mapSlackError(err: unknown, method: string): Error {
  const e = err as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (e.code === SlackErrorCode.RateLimitedError) {
    return new SlackRateLimited((e.retryAfter ?? 1) * 1000, method);
  }
  if (e.code === SlackErrorCode.PlatformError) {
    // Slack refused the call itself (channel_not_found, not_in_channel, invalid_blocks…): retrying cannot help.
    return new BotError(
      ErrorCode.Validation,
      `Slack refused the message: ${e.data?.error ?? 'unknown error'}.`,
      {
        cause: err,
        retryable: false,
      },
    );
  }
  return new BotError(ErrorCode.Unavailable, 'Slack could not be reached.', { cause: err });
}

const DEFAULT_LIMIT: DownloadLimit = {
  bytes: 1_000_000,
  tooBig: 'The file is larger than 1 MB: split the list.',
};

/** Sends the bot token only to Slack's file host (or the host of SLACK_API_URL, e.g. the simulator). */
async function downloadFile(
  url: string,
  opts: { token: string; apiUrl?: string },
  limit: DownloadLimit = DEFAULT_LIMIT,
): Promise<string> {
  const host = new URL(url).hostname;
  const allowed = ['files.slack.com', opts.apiUrl ? new URL(opts.apiUrl).hostname : 'slack.com'];
  if (!allowed.includes(host)) {
    throw new BotError(
      ErrorCode.Validation,
      `The file is not on Slack (${host}): share it in Slack and try again.`,
    );
  }
  // Not followed: Slack redirects a request it will not serve the file to (no token, or one without
  // files:read) to its sign-in page, whose HTML would otherwise be read as the file.
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${opts.token}` },
    redirect: 'manual',
  }).catch((err: Error) => {
    throw new BotError(ErrorCode.Unavailable, 'Slack could not be reached for the file.', { cause: err });
  });
  if (res.status >= 300 && res.status < 400) {
    throw new BotError(
      ErrorCode.Validation,
      "Slack sent its sign-in page instead of the file: the app's token lacks the files:read scope. Reinstall the app from its manifest.",
      { retryable: false },
    );
  }
  if (!res.ok) {
    throw new BotError(
      ErrorCode.NotFound,
      `Slack answered HTTP ${res.status} for the file: share it again.`,
      {
        retryable: res.status >= 500,
      },
    );
  }
  return readBounded(res, limit);
}

/** The body as text, read no further than the limit allows (a file may be bigger than Slack said). */
async function readBounded(res: Response, limit: DownloadLimit): Promise<string> {
  const tooBig = () => new BotError(ErrorCode.Validation, limit.tooBig, { retryable: false });
  if (Number(res.headers.get('content-length') ?? 0) > limit.bytes) {
    await res.body?.cancel();
    throw tooBig();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (let r = await reader?.read(); r && !r.done; r = await reader?.read()) {
    size += r.value.byteLength;
    if (size > limit.bytes) {
      await reader?.cancel();
      throw tooBig();
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
