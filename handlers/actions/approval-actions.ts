import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { APPROVE_ACTION, REJECT_ACTION } from '../../src/blocks/approvals/approval-message';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import type { ButtonHandler } from './button-handler';

export const APPROVAL_ACTION_IDS = [APPROVE_ACTION, REJECT_ACTION];

/** Approve or Reject: ack, note the clicker's role, and let a job apply the rules once. */
function decide(deps: HandlerDeps, decision: 'approve' | 'reject') {
  return async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const { id, planHash } = JSON.parse(action.value ?? '{}') as { id: string; planHash: string };
    const user = body.user.id;
    const isApprover = hasRole(await roleOfUser(user, deps), 'approver');
    await deps.background.start(
      'approval-decide',
      { id, planHash, decision, user, isApprover, responseUrl: body.response_url },
      `approval-${id}-${user}-${action.action_ts}`.replace(/[^\w.-]/g, '_'),
    );
  };
}

export function approvalActionHandlers(deps: HandlerDeps): Record<string, ButtonHandler> {
  return { [APPROVE_ACTION]: decide(deps, 'approve'), [REJECT_ACTION]: decide(deps, 'reject') };
}
