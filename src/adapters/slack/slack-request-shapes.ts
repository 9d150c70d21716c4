import { z } from 'zod';

// The fields the bot's listeners read, as Slack always sends them. A field given twice in a form
// parses as a list and fails `z.string()`; everything else Slack adds is let through untouched.
const id = z.string().min(1);
const user = z.looseObject({ id });

/** A slash command (form-encoded). */
export const slashCommand = z.looseObject({
  command: id,
  text: z.string(),
  user_id: id,
  channel_id: id,
  team_id: id,
  trigger_id: id,
  response_url: z.string(),
});

/** A button click (interactivity payload). */
export const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user,
  actions: z.array(z.looseObject({ action_id: id })).min(1),
});

/** A modal's submission (interactivity payload). */
export const viewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user,
  view: z.looseObject({
    id,
    callback_id: z.string(),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }),
  }),
});

/** What a user typed into a searched select (options load URL). */
export const blockSuggestion = z.looseObject({
  type: z.literal('block_suggestion'),
  user,
  action_id: id,
  block_id: id,
  value: z.string(),
});

/** An Events API delivery. */
export const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event: z.looseObject({ type: id }),
});

/** Slack's check of a new Request URL. */
export const urlVerification = z.looseObject({
  type: z.literal('url_verification'),
  challenge: z.string(),
});

/** Any other Slack payload: an object that says what it is. */
export const otherPayload = z.looseObject({ type: z.string() });

/** `path: message` of the first problem, for the 400's body and the log. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'malformed';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
