import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { CHANGE_ACTIONS, type ChangeButtonValue } from '../../src/blocks/changes/change-message';
import type { ChangeJobs } from '../../src/change-jobs';
import type { ChangeAction } from '../../src/domain/changes/change-state';
import { acceptClick } from '../accept';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import type { ButtonHandler } from './button-handler';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const CHANGE_ACTION_IDS = Object.values(CHANGE_ACTIONS);

/** Who clicked which change, and whether they may decide: what every change button's job needs. */
async function clickOf(deps: HandlerDeps, { body, action }: Args) {
  const value = JSON.parse(action.value ?? '{}') as ChangeButtonValue;
  const user = body.user.id;
  const role = await roleOfUser(user, deps);
  return {
    value,
    isAdmin: hasRole(role, 'admin'),
    common: {
      id: value.id,
      user,
      isApprover: hasRole(role, 'approver'),
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    },
  };
}

/** Approve or Reject: note the clicker's role; a job applies the approval rules once. */
function decide(deps: HandlerDeps, decision: 'approve' | 'reject'): ButtonHandler {
  return async (args: Args) => {
    const { value, common, isAdmin } = await clickOf(deps, args);
    const data: ChangeJobs['change-decide'] = {
      ...common,
      isAdmin,
      planHash: value.planHash ?? '',
      decision,
    };
    await acceptClick(deps, args, { name: 'change-decide', data, what: `${decision} change ${value.id}` });
  };
}

/** Retry, Skip, Abort, Roll back: approvers only, checked again by the job against the change's state. */
function act(deps: HandlerDeps, changeAction: ChangeAction): ButtonHandler {
  return async (args: Args) => {
    const { value, common } = await clickOf(deps, args);
    const data: ChangeJobs['change-act'] = {
      ...common,
      action: changeAction,
      ...(value.step ? { step: value.step } : {}),
    };
    await acceptClick(deps, args, { name: 'change-act', data, what: `${changeAction} change ${value.id}` });
  };
}

export function changeActionHandlers(deps: HandlerDeps): Record<string, ButtonHandler> {
  return {
    [CHANGE_ACTIONS.approve]: decide(deps, 'approve'),
    [CHANGE_ACTIONS.reject]: decide(deps, 'reject'),
    [CHANGE_ACTIONS.retry]: act(deps, 'retry'),
    [CHANGE_ACTIONS.skip]: act(deps, 'skip'),
    [CHANGE_ACTIONS.abort]: act(deps, 'abort'),
    [CHANGE_ACTIONS['roll-back']]: act(deps, 'roll-back'),
  };
}
