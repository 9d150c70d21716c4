/** One line of the audit trail: who asked for what, when, where, and how it ended. */
export interface AuditEntry {
  at: number;
  user: string;
  command: string;
  channel: string;
  outcome: string;
  detail?: string;
}

/** Free text kept per field of an entry: room for any real command; the rest is cut, with a note. */
export const AUDIT_TEXT_MAX_CHARS = 4096;

/**
 * The text as stored: whole when short, otherwise its start and how long it was (`total` when the
 * text given is already a part of a longer one).
 */
export function clipAuditText(text: string, total = text.length, max = AUDIT_TEXT_MAX_CHARS): string {
  if (text.length <= max && total === text.length) return text;
  const note = ` … [cut: ${total.toLocaleString('en-US')} characters in all]`;
  return `${text.slice(0, max - note.length)}${note}`;
}
