import { DEREGISTER_KIND, executeDeregister } from '../hosts/deregister-host';
import type { BackgroundProcessor } from '../job-context';
import { DECIDE_APPROVAL, decideApprovalJob, EXECUTE_APPROVAL, expireApprovalJob } from './decide-approval';
import { executeApproval } from './execute-approval';
import { EXPIRE_APPROVAL } from './request-approval';

/** What an approved request runs, by kind. */
const EXECUTORS = { [DEREGISTER_KIND]: executeDeregister };

export const APPROVAL_BACKGROUND_PROCESSORS: Record<string, BackgroundProcessor> = {
  [DECIDE_APPROVAL]: decideApprovalJob,
  [EXECUTE_APPROVAL]: executeApproval(EXECUTORS),
  [EXPIRE_APPROVAL]: expireApprovalJob,
};
