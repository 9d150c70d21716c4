import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { RemedyValue } from '../../src/blocks/diagnostics/host-remedy-buttons';
import { commandJob } from '../../src/command-job';
import { reportThreadOf } from '../../src/domain/changes/change';
import type { CommandJobs } from '../../src/domain/commands';
import type { CommandJobData } from '../../src/job-data';
import { acceptCommandClick, clickRequestId } from '../accept';
import type { HandlerDeps } from '../handler-deps';
import { clickerMay } from './clicker-may';

type RemedyCommand = 'host restart' | 'host reboot';

/**
 * A remedy button under a host's diagnostics: its command's job, as if typed by the clicker (same
 * role, same plan, an approver approves). One job per click. Clicked in an alert's thread, the
 * change reports there too.
 */
export function remedyClick<N extends RemedyCommand, V extends RemedyValue>(
  deps: HandlerDeps,
  name: N,
  positionals: (value: V) => CommandJobs[N]['positionals'],
) {
  return async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    if (!(await clickerMay(deps, args, name))) return;
    const { body, action } = args;
    const user = body.user.id;
    const value = JSON.parse(action.value ?? '{}') as V;
    const reportThread = reportThreadOf(value.thread);
    const words = positionals(value);
    const job = commandJob(
      name,
      {
        requestId: clickRequestId(args),
        user,
        channel: body.channel?.id ?? user,
        ...(body.team?.id ? { teamId: body.team.id } : {}),
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
        receivedAt: deps.clock.now(),
        ...(reportThread ? { reportThread } : {}),
      },
      { positionals: words, options: { cluster: value.cluster } } as CommandJobs[N],
    );
    // TypeScript cannot follow N through the union of job types: the job is the command N's.
    await acceptCommandClick(
      deps,
      args,
      `${name} ${Object.values(words).join(' ')} (button)`,
      job as CommandJobData,
    );
  };
}
