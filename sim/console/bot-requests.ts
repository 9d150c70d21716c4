import { createHmac, randomBytes } from 'node:crypto';

/** Requests to the bot as Slack sends them: signed with the app's signing secret, in Slack's shapes. */
type Obj = Record<string, unknown>;

export const TEAM = { id: 'T0SIM', domain: 'sim' };
export const APP_ID = 'A0HYBRID';

export interface BotEndpoint {
  /** The bot's base URL; requests go to `${botUrl}/slack/events`. */
  botUrl: string;
  signingSecret: string;
}

export interface BotAnswer {
  status: number;
  body: Obj | undefined;
  raw: string;
}

export const newTriggerId = (): string => `${Date.now()}.${randomBytes(6).toString('hex')}`;

/** v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>"), as Slack signs every request. */
export async function postToBot(bot: BotEndpoint, body: string, contentType: string): Promise<BotAnswer> {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', bot.signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(`${bot.botUrl.replace(/\/$/, '')}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const raw = await res.text();
  let parsed: Obj | undefined;
  try {
    parsed = raw ? (JSON.parse(raw) as Obj) : undefined;
  } catch {
    parsed = { text: raw };
  }
  return { status: res.status, body: parsed, raw };
}

export function slashCommand(
  bot: BotEndpoint,
  c: {
    user: string;
    userName: string;
    channel: string;
    channelName: string;
    text: string;
    responseUrl: string;
    triggerId: string;
  },
): Promise<BotAnswer> {
  const [command, ...rest] = c.text.trim().split(/\s+/);
  const body = new URLSearchParams({
    token: 'sandbox-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: c.channel,
    channel_name: c.channelName,
    user_id: c.user,
    user_name: c.userName,
    command: command ?? '',
    text: rest.join(' '),
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: c.responseUrl,
    trigger_id: c.triggerId,
  }).toString();
  return postToBot(bot, body, 'application/x-www-form-urlencoded');
}

/** block_actions, block_suggestion and view_submission arrive as a form with one field, payload=<json>. */
export function interaction(bot: BotEndpoint, payload: Obj): Promise<BotAnswer> {
  return postToBot(
    bot,
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    'application/x-www-form-urlencoded',
  );
}

/** An Events API callback (JSON body), e.g. app_home_opened. */
export function event(bot: BotEndpoint, ev: Obj): Promise<BotAnswer> {
  const body = JSON.stringify({
    token: 'sandbox-verification-token',
    team_id: TEAM.id,
    api_app_id: APP_ID,
    event: { ...ev, event_ts: `${Date.now() / 1000}` },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM.id, user_id: 'U0HYBRIDBOT', is_bot: true }],
  });
  return postToBot(bot, body, 'application/json');
}

export function userObject(id: string, name: string): Obj {
  return { id, username: name, name, team_id: TEAM.id };
}
