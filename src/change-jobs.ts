import type { ChangeAction } from './domain/changes/change-state';

/**
 * The change engine's background jobs: name → payload, shared by the handlers that start them
 * and the processors that run them.
 */
export interface ChangeJobs {
  'change-decide': {
    id: string;
    planHash: string;
    decision: 'approve' | 'reject';
    user: string;
    isApprover: boolean;
    /** Changes only admins decide (a cluster imported or forgotten) need this one. */
    isAdmin?: boolean;
    responseUrl?: string;
  };
  'change-act': {
    id: string;
    action: ChangeAction;
    /** The failed step the clicker saw; a retry or skip applies to it only. */
    step?: string;
    user: string;
    isApprover: boolean;
    responseUrl?: string;
  };
  'change-advance': { id: string };
  'change-step': { id: string; key: string };
  'change-expire': { id: string };
  /** Redraws the change's message: progress redraws of the same moment come together in one. */
  'change-show': { id: string };
}

export type ChangeJobName = keyof ChangeJobs;

export const CHANGE_JOB_NAMES: readonly ChangeJobName[] = [
  'change-decide',
  'change-act',
  'change-advance',
  'change-step',
  'change-expire',
  'change-show',
];
