import type { SlackRequestKind, SlackRequestOutcome } from '../../metrics-ports';

/** What a dispatched payload is, as the metrics count it. */
export function slackRequestKind(body: Record<string, unknown>): SlackRequestKind {
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'block_actions':
    case 'shortcut':
    case 'message_action':
      return 'action';
    case 'view_submission':
    case 'view_closed':
      return 'view';
    case 'event_callback':
      return 'event';
    case 'block_suggestion':
      return 'options';
    default:
      return 'other';
  }
}

/** How the bot answered, from the HTTP status it sent. */
export function slackRequestOutcome(status: number): SlackRequestOutcome {
  if (status < 300) return 'acked';
  if (status === 401) return 'bad_signature';
  if (status === 413) return 'too_large';
  if (status >= 500) return 'failed';
  return 'refused';
}
