/** One line of the audit trail: who asked for what, when, where, and how it ended. */
export interface AuditEntry {
  at: number;
  user: string;
  command: string;
  channel: string;
  outcome: string;
  detail?: string;
}
