import { interactionBody, slashCommandBody } from './slack-requests';

/** One correctly signed request that Slack would never send, and what the bot should answer. */
export interface HostileRequest {
  name: string;
  body: string;
  contentType: string;
  /** Seconds added to now for the signed timestamp. */
  skewSeconds?: number;
  /** 200: acked (and ignored or answered); 400: malformed; 401: refused; 413: too large; 415: not a Slack type. */
  status: number;
}

const FORM = 'application/x-www-form-urlencoded';

/** A block_actions payload as Slack sends it for a button in a channel message. */
export function clickPayload(actionId: string, responseUrl: string): Record<string, unknown> {
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;
  return {
    type: 'block_actions',
    team: { id: 'T0SIM', domain: 'sim' },
    user: { id: 'U0OPERATOR', username: 'operator', team_id: 'T0SIM' },
    api_app_id: 'A0HYBRID',
    token: 'deprecated',
    trigger_id: `${Date.now()}.${Math.random().toString(16).slice(2)}`,
    container: { type: 'message', message_ts: ts, channel_id: 'C0OPS', is_ephemeral: false },
    channel: { id: 'C0OPS', name: 'ops' },
    message: { type: 'message', ts, text: '' },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'b',
        action_ts: `${Date.now() / 1000}`,
        text: { type: 'plain_text', text: 'x' },
        value: 'v',
      },
    ],
  };
}

/** A view_submission payload as Slack sends it when a modal is submitted. */
export function submissionPayload(callbackId: string): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T0SIM', domain: 'sim' },
    user: { id: 'U0OPERATOR', username: 'operator', team_id: 'T0SIM' },
    api_app_id: 'A0HYBRID',
    token: 'deprecated',
    trigger_id: `${Date.now()}.${Math.random().toString(16).slice(2)}`,
    view: {
      id: 'V0HOSTILE',
      type: 'modal',
      callback_id: callbackId,
      private_metadata: '{}',
      state: { values: {} },
      hash: 'h',
      team_id: 'T0SIM',
      app_id: 'A0HYBRID',
      bot_id: 'B0HYBRIDBOT',
    },
  };
}

const without = (o: Record<string, unknown>, key: string) => {
  const copy = { ...o };
  delete copy[key];
  return copy;
};

/** Names that a lookup on a plain object finds on Object.prototype. */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

/** Every hostile body the bot must answer without dying, and the status it should get. */
export function hostileRequests(responseUrl: string): HostileRequest[] {
  const click = clickPayload('home_refresh', responseUrl);
  const submission = submissionPayload('host_register');
  const ping = slashCommandBody({ text: 'ping', responseUrl });
  const duplicated = `${slashCommandBody({ text: 'ping', responseUrl })}&text=status`;
  return [
    { name: 'form payload=null', body: 'payload=null', contentType: FORM, status: 400 },
    { name: 'form payload=[]', body: 'payload=%5B%5D', contentType: FORM, status: 400 },
    { name: 'form payload that is not JSON', body: 'payload=%7Bnope', contentType: FORM, status: 400 },
    { name: 'JSON null', body: 'null', contentType: 'application/json', status: 400 },
    { name: 'JSON 42', body: '42', contentType: 'application/json', status: 400 },
    { name: 'JSON that is not JSON', body: '{"type":', contentType: 'application/json', status: 400 },
    { name: 'text/plain body', body: 'hello', contentType: 'text/plain', status: 415 },
    ...PROTOTYPE_NAMES.map((id) => ({
      name: `button action_id ${id}`,
      body: interactionBody(clickPayload(id, responseUrl)),
      contentType: FORM,
      status: 200,
    })),
    ...PROTOTYPE_NAMES.map((id) => ({
      name: `modal callback_id ${id}`,
      body: interactionBody(submissionPayload(id)),
      contentType: FORM,
      status: 200,
    })),
    {
      name: 'block_actions with no actions',
      body: interactionBody(without(click, 'actions')),
      contentType: FORM,
      status: 400,
    },
    {
      name: 'block_actions with empty actions',
      body: interactionBody({ ...click, actions: [] }),
      contentType: FORM,
      status: 400,
    },
    {
      name: 'block_actions with no user',
      body: interactionBody(without(click, 'user')),
      contentType: FORM,
      status: 400,
    },
    {
      name: 'view_submission with no state',
      body: interactionBody({
        ...submission,
        view: without(submission.view as Record<string, unknown>, 'state'),
      }),
      contentType: FORM,
      status: 400,
    },
    {
      name: 'view_submission with no user',
      body: interactionBody(without(submission, 'user')),
      contentType: FORM,
      status: 400,
    },
    { name: 'timestamp 6 minutes ahead', body: ping, contentType: FORM, skewSeconds: 360, status: 401 },
    { name: 'timestamp 6 minutes behind', body: ping, contentType: FORM, skewSeconds: -360, status: 401 },
    { name: 'duplicated text parameter', body: duplicated, contentType: FORM, status: 400 },
    { name: 'slash command with no command', body: 'text=ping', contentType: FORM, status: 400 },
    {
      name: '5 MB slash command',
      body: slashCommandBody({ text: `ping ${'a'.repeat(5 * 1024 * 1024)}`, responseUrl }),
      contentType: FORM,
      status: 413,
    },
  ];
}
