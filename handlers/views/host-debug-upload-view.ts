import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { commandIntake } from '../../src/adapters/queue/intake';
import {
  readUploadTarget,
  UPLOAD_FILE_ACTION,
  UPLOAD_FILE_BLOCK,
} from '../../src/blocks/diagnostics/host-debug-upload';
import { truncate } from '../../src/blocks/limits';
import { commandJob } from '../../src/command-job';
import { specOf } from '../../src/domain/commands';
import { DEBUG_UPLOAD_JOB } from '../../src/domain/commands/hosts';
import {
  type UploadedFileFacts,
  uploadedFileProblem,
} from '../../src/domain/diagnostics/diagnostics-by-hand';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';
import { acceptForm, FORM_NOT_TAKEN } from './accept-form';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The file_input's state as Slack sends it: the uploaded files' objects. */
type FileState = { files?: (UploadedFileFacts & { url_private?: string; url_private_download?: string })[] };

/**
 * The Upload output form: what Slack says of the file (none, not text, too big) is checked here and
 * shown under the field; the job downloads and reads it. The job carries the file's URL, never its text.
 */
export function hostDebugUploadSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const user = body.user.id;
    const error = (message: string) =>
      ack({ response_action: 'errors', errors: { [UPLOAD_FILE_BLOCK]: truncate(message, 2000) } });
    const { role } = specOf(DEBUG_UPLOAD_JOB);
    if (!hasRole(await roleOfUser(user, deps), role))
      return void (await error(`Uploading host diagnostics needs the ${role} role.`));
    const target = readUploadTarget(view.private_metadata);
    if (!target)
      return void (await error(
        'This form does not say which host it is for: run `/hybrid host debug` again.',
      ));
    const state = view.state.values[UPLOAD_FILE_BLOCK]?.[UPLOAD_FILE_ACTION] as FileState | undefined;
    const files = state?.files ?? [];
    if (files.length > 1) return void (await error('Attach one file: the output of one host.'));
    const [file] = files;
    const problem = uploadedFileProblem(file, target.host);
    if (problem) return void (await error(problem));
    const fileUrl = file?.url_private_download ?? file?.url_private;
    if (!fileUrl) return void (await error('Slack gave no address for the file: attach it again.'));

    const requestId = requestIdOf(body.team?.id ?? '', body.trigger_id ?? view.id);
    const job = commandJob(
      DEBUG_UPLOAD_JOB,
      { requestId, user, channel: user, teamId: body.team?.id, receivedAt: deps.clock.now() },
      {
        positionals: { name: target.host },
        options: { cluster: target.cluster, fileUrl, ...(file?.name ? { fileName: file.name } : {}) },
      },
    );
    const entry = {
      at: deps.clock.now(),
      user,
      channel: user,
      command: `host debug upload ${target.host} (${target.cluster})`,
      outcome: 'accepted',
    };
    // Accepted before the ack, in one Redis call: if it cannot be, the form stays open and says so.
    if (!(await acceptForm(deps, requestId, entry, commandIntake(job, requestId))))
      return void (await error(FORM_NOT_TAKEN));
    await ack();
  };
}
