import type { ChangeState } from './change-state';
import type { ChangeTarget, DiffLine } from './planner';

/** A change as stored: what was planned (never edited after creation) and where it stands. */
export interface ChangeRecord {
  id: string;
  kind: string;
  target: ChangeTarget;
  requester: string;
  channel: string;
  title: string;
  summary: string[];
  diff: DiffLine[];
  plan: unknown;
  planHash: string;
  maxParallel: number;
  unit: string;
  canRollBack: boolean;
  /** A failed group is marked failed while the others go on, instead of pausing the change. */
  onFailure?: 'continue';
  createdAt: number;
  /** Until then an approver may decide; after it the change expires. */
  expiresAt: number;
  state: ChangeState;
  approver?: string;
  updatedAt: number;
  /** How many times it went on after a pause: step jobs started after a resume get new job IDs. */
  resumes?: number;
  /** Another thread that hears when it is asked for and how it ends (the alert whose diagnostics proposed it). */
  reportThread?: ReportThread;
  /** Admins decide, not approvers (a cluster joining or leaving the clusters the bot manages). */
  decidedBy?: 'admin';
  /** The change that started this one (a fleet rollout), and its step that waits for this one to end. */
  parent?: { id: string; step: string };
  /** Other channels that show the change's message too, kept in step with it (a fleet's other clusters'). */
  mirrors?: string[];
  /** Where its start is in the traces (a W3C traceparent), when traces were on: its steps' spans link to it. */
  traceparent?: string;
}

/** A message's thread by the outbox slot of that message (an alert's), in its channel. */
export interface ReportThread {
  channel: string;
  slot: string;
}

/** A report thread as a button's value carried it back, if it is one: anything else is ignored. */
export function reportThreadOf(raw: unknown): ReportThread | undefined {
  const t = raw as Partial<ReportThread> | undefined;
  if (typeof t?.channel !== 'string' || typeof t.slot !== 'string') return undefined;
  if (!/^[CGD][A-Z0-9]{2,30}$/.test(t.channel) || !/^[\w.-]{1,200}$/.test(t.slot)) return undefined;
  return { channel: t.channel, slot: t.slot };
}

export type NewChange = Omit<
  ChangeRecord,
  'id' | 'state' | 'approver' | 'updatedAt' | 'resumes' | 'traceparent'
>;

export interface ChangeEventRecord {
  at: number;
  user?: string;
  text: string;
}
