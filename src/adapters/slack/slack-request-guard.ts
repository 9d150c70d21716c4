import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { verifySlackRequest } from '@slack/bolt';
import { parse as parseContentType } from 'content-type';
import type { z } from 'zod';
import {
  blockActions,
  blockSuggestion,
  eventCallback,
  firstIssue,
  otherPayload,
  slashCommand,
  urlVerification,
  viewSubmission,
} from './slack-request-shapes';

/** Slack's rule: a timestamp more than five minutes from local time, either way, may be a replay. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/** What to do with one request to /slack/events, decided before any of it reaches Bolt. */
export type Verdict =
  | { kind: 'refuse'; status: 400 | 401 | 415; reason: string }
  | { kind: 'ssl_check' }
  | { kind: 'url_verification'; challenge: string }
  /** Well formed, signed, but nothing the bot listens to: acknowledged and dropped. */
  | { kind: 'ignore'; reason: string }
  | { kind: 'dispatch'; body: Record<string, unknown> };

type Body = Record<string, unknown>;
const refuse = (status: 400 | 401 | 415, reason: string): Verdict => ({ kind: 'refuse', status, reason });

/**
 * Checks a buffered request the way Slack's documentation asks (signature, and a timestamp within
 * five minutes in either direction), then that its body is a payload the bot's listeners can read.
 * Nothing that fails here reaches Bolt.
 */
export function checkSlackRequest(
  raw: Buffer,
  headers: IncomingHttpHeaders,
  opts: { signingSecret: string; nowMs: number },
): Verdict {
  let media: { type: string; charset?: string };
  try {
    const parsed = parseContentType(headers['content-type'] ?? '');
    media = { type: parsed.type, charset: parsed.parameters.charset?.toLowerCase() };
  } catch {
    return refuse(415, 'content-type must be application/x-www-form-urlencoded or application/json');
  }
  const isForm = media.type === 'application/x-www-form-urlencoded';
  if ((!isForm && media.type !== 'application/json') || (media.charset && media.charset !== 'utf-8')) {
    return refuse(415, 'content-type must be application/x-www-form-urlencoded or application/json (utf-8)');
  }
  const text = raw.toString('utf8');
  const form = isForm ? parseQuery(text) : undefined;
  // Slack's certificate check comes unsigned and carries nothing to act on.
  if (form?.ssl_check === '1') return { kind: 'ssl_check' };

  const signed = checkSignature(text, headers, opts);
  if (signed) return refuse(401, signed);

  let body: unknown;
  if (form) {
    if (form.payload === undefined)
      return checkShape(form, slashCommand, (b) => ({ kind: 'dispatch', body: b }));
    if (typeof form.payload !== 'string') return refuse(400, 'payload: expected one value');
    body = parseJson(form.payload);
  } else body = parseJson(text);
  if (body === undefined) return refuse(400, 'body is not JSON');
  return classify(body);
}

function checkSignature(
  body: string,
  headers: IncomingHttpHeaders,
  opts: { signingSecret: string; nowMs: number },
): string | undefined {
  const signature = headers['x-slack-signature'];
  const timestamp = Number(headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isInteger(timestamp)) {
    return 'x-slack-signature and x-slack-request-timestamp are required';
  }
  // Bolt checks only the past side of the window; a timestamp ahead of the clock is as suspect.
  if (Math.abs(opts.nowMs / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return 'x-slack-request-timestamp is more than five minutes from the server clock';
  }
  try {
    verifySlackRequest({
      signingSecret: opts.signingSecret,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: opts.nowMs,
    });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function checkShape(body: unknown, shape: z.ZodType, then: (body: Body) => Verdict): Verdict {
  const result = shape.safeParse(body);
  // The original object goes on, not zod's copy: listeners see exactly what Slack sent.
  return result.success ? then(body as Body) : refuse(400, firstIssue(result.error));
}

const dispatch = (body: Body): Verdict => ({ kind: 'dispatch', body });

function classify(body: unknown): Verdict {
  const typed = otherPayload.safeParse(body);
  if (!typed.success) return refuse(400, `not a Slack payload (${firstIssue(typed.error)})`);
  switch (typed.data.type) {
    case 'block_actions':
      return checkShape(body, blockActions, dispatch);
    case 'view_submission':
      return checkShape(body, viewSubmission, dispatch);
    case 'block_suggestion':
      return checkShape(body, blockSuggestion, dispatch);
    case 'event_callback':
      return checkShape(body, eventCallback, dispatch);
    case 'url_verification':
      return checkShape(body, urlVerification, (b) => ({
        kind: 'url_verification',
        challenge: b.challenge as string,
      }));
    default:
      return { kind: 'ignore', reason: `no listener for ${typed.data.type.slice(0, 64)}` };
  }
}
