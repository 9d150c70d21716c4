import { context, section } from './elements';
import { escapeMrkdwn } from './mrkdwn';
import type { SlackMessage } from './types';

export function pongMessage(queueLatencyMs: number, totalMs: number): SlackMessage {
  const text = `:table_tennis_paddle_and_ball: pong: queue latency ${queueLatencyMs} ms, ${totalMs} ms from your command to this reply.`;
  return { text, blocks: [section(text)] };
}

/** A failure the user can act on: what failed, and what to do. */
export function errorMessage(what: string, message: string): SlackMessage {
  // Error messages quote what the user typed (a cluster, a host name): shown, never acted on.
  const text = `:x: ${what} failed: ${escapeMrkdwn(message)}`;
  return { text, blocks: [section(text)] };
}

export function refusedMessage(command: string, needed: string): SlackMessage {
  const text = `:no_entry: \`/hybrid ${command}\` needs the *${needed}* role, which you do not have. Ask an admin of hybrid-bot to add you.`;
  return { text, blocks: [section(text)] };
}

export function usageErrorMessage(message: string): SlackMessage {
  const shown = escapeMrkdwn(message);
  return { text: shown, blocks: [section(`:warning: ${shown}`)] };
}

export function unavailableMessage(): SlackMessage {
  const text =
    ':warning: hybrid-bot cannot reach its job queue (Redis) right now, so nothing was started. Try again in a minute; if it persists, tell the bot’s operators.';
  return { text, blocks: [section(text), context('Nothing was changed.')] };
}

/** A fault in the bot itself while taking a request: nothing started, and a reference to quote. */
export function internalErrorMessage(reference: string): SlackMessage {
  const text = `:x: hybrid-bot could not take this request because of a fault of its own, so nothing was started. Tell the bot’s operators, quoting reference \`${reference}\`.`;
  return { text, blocks: [section(text), context('Nothing was changed.')] };
}
