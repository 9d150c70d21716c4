import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { HTTPModuleFunctions, HTTPResponseAck } from '@slack/bolt';
import type { Logger as SlackLibLogger } from '@slack/logger';
import getRawBody from 'raw-body';
import type { Logger } from '../../logger';
import type { BotMetrics, SlackRequestKind } from '../../metrics-ports';
import { checkSlackRequest } from './slack-request-guard';
import { slackRequestKind, slackRequestOutcome } from './slack-request-kind';

/** Larger than any payload Slack sends the bot (a modal's state tops out near a few hundred KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface GuardedReceiverOptions {
  signingSecret: string;
  /** Where Slack posts commands, interactivity and events. */
  endpoint: string;
  routes: { path: string; method: string; handler: (req: IncomingMessage, res: ServerResponse) => void }[];
  log: Logger;
  /** Bolt's logger, for the ack timer it keeps per request. */
  slackLog: SlackLibLogger;
  maxBodyBytes?: number;
  now?: () => number;
  /** Counts each request by kind and answer, and times the answer. */
  metrics?: BotMetrics;
}

/**
 * Bolt's HTTPReceiver with a guard in front: a body is size-limited, signed within Slack's
 * five-minute window in either direction and shaped like a payload the listeners can read before
 * Bolt sees it; bad ones get 4xx. Whatever a listener throws is logged and answered with 500 (if
 * nothing was sent yet); no request can end the process.
 */
export class GuardedHttpReceiver implements Receiver {
  private app?: App;
  private server?: Server;
  private readonly log: Logger;

  constructor(private readonly opts: GuardedReceiverOptions) {
    this.log = opts.log.child({ component: 'receiver' });
  }

  init(app: App): void {
    this.app = app;
  }

  start(port: number): Promise<Server> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => this.failed(res, err, 'request handling failed'));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve, reject) => {
      if (!server) return resolve();
      server.close((err) => (err ? reject(err) : resolve()));
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === this.opts.endpoint && req.method === 'POST') return this.slackRequest(req, res);
    const route = this.opts.routes.find((r) => r.path === path && r.method === req.method);
    if (route) return route.handler(req, res);
    answer(res, 404);
  }

  private async slackRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let kind: SlackRequestKind = 'other';
    res.once('finish', () =>
      this.opts.metrics?.slackRequest(
        kind,
        slackRequestOutcome(res.statusCode),
        (performance.now() - started) / 1000,
      ),
    );
    const limit = this.opts.maxBodyBytes ?? MAX_BODY_BYTES;
    let raw: Buffer;
    try {
      raw = await getRawBody(req, { limit });
    } catch (err) {
      const e = err as { type?: string; status?: number; message: string };
      if (e.type === 'request.aborted') return;
      const tooLarge = e.type === 'entity.too.large' || e.status === 413;
      this.log.warn({ err: e.message, limit }, 'refused a Slack request body');
      await discardRest(req, limit * 8);
      res.setHeader('connection', 'close');
      return answer(res, tooLarge ? 413 : 400, tooLarge ? `body larger than ${limit} bytes` : e.message);
    }
    const verdict = checkSlackRequest(raw, req.headers, {
      signingSecret: this.opts.signingSecret,
      nowMs: (this.opts.now ?? Date.now)(),
    });
    switch (verdict.kind) {
      case 'refuse':
        this.log.warn({ status: verdict.status, reason: verdict.reason }, 'refused a Slack request');
        return answer(res, verdict.status, verdict.reason);
      case 'ssl_check':
        return answer(res, 200);
      case 'url_verification':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ challenge: verdict.challenge }));
        return;
      case 'ignore':
        this.log.info({ reason: verdict.reason }, 'acknowledged a Slack request the bot does not handle');
        return answer(res, 200);
      case 'dispatch':
        kind = slackRequestKind(verdict.body);
        return this.dispatch(req, res, verdict.body);
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) {
    // Bolt acks an event before its listener runs; holding that answer until the listener is done
    // lets a listener that could not accept the event answer 500, so Slack delivers it again.
    const isEvent = body.type === 'event_callback';
    const ack = new HTTPResponseAck({
      logger: this.opts.slackLog,
      processBeforeResponse: isEvent,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const event: ReceiverEvent = {
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      customProperties: {},
    };
    try {
      if (!this.app) throw new Error('receiver started before the app was set');
      await this.app.processEvent(event);
      if (isEvent && !res.headersSent) HTTPModuleFunctions.buildContentResponse(res, ack.storedResponse);
    } catch (err) {
      this.failed(res, err, 'a listener failed');
    } finally {
      // Stops the no-ack timer; a response already sent is left as it is.
      if (res.headersSent) ack.ack();
    }
  }

  private failed(res: ServerResponse, err: unknown, msg: string): void {
    this.log.error({ err }, msg);
    if (!res.headersSent) answer(res, 500);
    else if (!res.writableEnded) res.end();
  }
}

function answer(res: ServerResponse, status: number, text?: string): void {
  if (res.headersSent) return;
  res.writeHead(status, text ? { 'content-type': 'text/plain; charset=utf-8' } : {});
  res.end(text);
}

/**
 * Reads and drops what is left of a refused body, so the client gets to read the answer instead of
 * a reset connection; past `max` bytes the connection is simply cut.
 */
function discardRest(req: IncomingMessage, max: number): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded || req.destroyed) return resolve();
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > max) req.socket.destroy();
    });
    req.once('end', () => resolve());
    req.once('close', () => resolve());
    req.once('error', () => resolve());
    req.resume();
  });
}
