import { createHmac, randomBytes } from 'node:crypto';

/** Signs a body the way Slack does: v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>"). */
export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret: string;
  timestamp?: number;
  retryNum?: number;
  /** Signs with this instead of the real secret (for the bad-signature test). */
  signWith?: string;
}

export interface SlackResponse {
  status: number;
  body: string;
  json(): Record<string, unknown>;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  opts: SendOptions,
): Promise<SlackResponse> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': slackSignature(opts.signWith ?? opts.secret, ts, body),
  };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
  const text = await res.text();
  return {
    status: res.status,
    body: text,
    json: () => (text ? (JSON.parse(text) as Record<string, unknown>) : {}),
  };
}

export interface SlashCommand {
  text: string;
  user?: string;
  channel?: string;
  responseUrl: string;
  triggerId?: string;
}

/** A slash-command payload with every field Slack sends (form-encoded, as Slack does). */
export function slashCommandBody(c: SlashCommand): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0SIM',
    team_domain: 'sim',
    channel_id: c.channel ?? 'C0OPS',
    channel_name: 'ops',
    user_id: c.user ?? 'U0OPERATOR',
    user_name: 'someone',
    command: '/hybrid',
    text: c.text,
    api_app_id: 'A0HYBRID',
    is_enterprise_install: 'false',
    response_url: c.responseUrl,
    trigger_id: c.triggerId ?? `${Date.now()}.${randomBytes(6).toString('hex')}`,
  }).toString();
}

/** Interactivity payloads (block_actions, view_submission) arrive as payload=<json> forms. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
