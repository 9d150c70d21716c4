/** The Slack Web API methods the bot calls, and the bot scope each needs (kept in step with manifest.yml by a test). */
export const METHOD_SCOPES: Record<string, string | undefined> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'usergroups.users.list': 'usergroups:read',
  // Whether a configured channel exists and the bot is in it (a private one also needs groups:read).
  'conversations.info': 'channels:read',
  // A file only the requester sees: a direct message, then the file shared there.
  'conversations.open': 'im:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  // views.publish and views.open need no scope of their own.
  'views.publish': undefined,
  'views.open': undefined,
};

/** Scopes the bot needs beyond its Web API calls: `commands` for the slash command. */
// files:read: downloading what a form's file input shares (a bulk CSV, a profile, host diagnostics output).
// groups:read: conversations.info on a private channel.
export const EXTRA_SCOPES = ['commands', 'files:read', 'groups:read'];
