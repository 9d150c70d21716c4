import type { Redis } from 'ioredis';
import type { ApprovalRequest } from '../../domain/approvals';
import { key } from './connection';

/** An approval request as stored: the domain's request plus what to run and where to report. */
export interface StoredApproval extends ApprovalRequest {
  id: string;
  /** Names the executor (e.g. host-deregister). */
  kind: string;
  title: string;
  cluster: string;
  channel: string;
  plan: Record<string, unknown>;
  /** The plan in plain words, as shown to approvers. */
  summary: string[];
  createdAt: number;
}

export interface ApprovalDecisionRecord {
  state: 'approved' | 'rejected' | 'expired';
  by?: string;
  at: number;
}

const KEEP_SECONDS = 30 * 24 * 3600;

/**
 * Approval requests and their decisions. The decision is a separate key written with SET NX: of
 * two clicks (or a redelivery) exactly one wins, whichever worker handles them.
 */
export class ApprovalStore {
  constructor(private readonly redis: Redis) {}

  async create(approval: StoredApproval): Promise<void> {
    await this.redis.set(key('approval', approval.id), JSON.stringify(approval), 'EX', KEEP_SECONDS, 'NX');
  }

  async get(id: string): Promise<StoredApproval | undefined> {
    const [raw, decision] = await Promise.all([
      this.redis.get(key('approval', id)),
      this.redis.get(key('approval', id, 'decision')),
    ]);
    if (!raw) return undefined;
    const approval = JSON.parse(raw) as StoredApproval;
    if (!decision) return approval;
    const d = JSON.parse(decision) as ApprovalDecisionRecord;
    return { ...approval, state: d.state, ...(d.by ? { decidedBy: d.by } : {}) };
  }

  /** True for the one caller whose decision was recorded; false when another got there first. */
  async decide(id: string, decision: ApprovalDecisionRecord): Promise<boolean> {
    const ok = await this.redis.set(
      key('approval', id, 'decision'),
      JSON.stringify(decision),
      'EX',
      KEEP_SECONDS,
      'NX',
    );
    return ok === 'OK';
  }

  async decisionOf(id: string): Promise<ApprovalDecisionRecord | undefined> {
    const raw = await this.redis.get(key('approval', id, 'decision'));
    return raw ? (JSON.parse(raw) as ApprovalDecisionRecord) : undefined;
  }
}
