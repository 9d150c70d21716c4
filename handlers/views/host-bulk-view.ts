import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { commandIntake } from '../../src/adapters/queue/intake';
import {
  BULK_CSV_BLOCK,
  BULK_FILE_BLOCK,
  FIELD_BLOCKS,
  INPUT_ACTION,
  JOIN_BLOCK,
  JOIN_VALUE,
} from '../../src/blocks/hosts/register-modal';
import { truncate } from '../../src/blocks/limits';
import { commandJob } from '../../src/command-job';
import { describeBulkErrors, parseBulkHosts } from '../../src/domain/bulk-hosts-csv';
import { specOf } from '../../src/domain/commands';
import { BULK_REGISTER_JOB } from '../../src/domain/commands/hosts';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';
import { acceptForm, FORM_NOT_TAKEN } from './accept-form';
import { fieldValue, isChecked, type StateValues } from './view-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The bulk form: a pasted CSV is checked here when the cluster's facts are cached (all row errors
 * at once, next to the box); a shared file is read and checked by the job.
 */
export function hostBulkSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const user = body.user.id;
    const values = view.state.values as StateValues;
    const error = (message: string) =>
      ack({ response_action: 'errors', errors: { [BULK_CSV_BLOCK]: truncate(message, 2000) } });
    const { role } = specOf(BULK_REGISTER_JOB);
    if (!hasRole(await roleOfUser(user, deps), role))
      return void (await error(`Registering hosts needs the ${role} role.`));
    const cluster = fieldValue(values, FIELD_BLOCKS.cluster);
    const k8s = fieldValue(values, FIELD_BLOCKS.kubernetesVersion);
    const csv = fieldValue(values, BULK_CSV_BLOCK);
    const files = (
      values[BULK_FILE_BLOCK]?.[INPUT_ACTION] as
        | { files?: { url_private_download?: string; url_private?: string }[] }
        | undefined
    )?.files;
    const fileUrl = files?.[0]?.url_private_download ?? files?.[0]?.url_private;
    if (!csv && !fileUrl) return void (await error('Paste the hosts here, or attach a CSV file below.'));
    if (csv) {
      const info = await deps.hosts.clusterInfo.get(cluster);
      if (info) {
        const parsed = parseBulkHosts(csv, {
          cluster,
          clusters: [info],
          existingHostNames: await deps.hosts.inventory.activeNames(cluster),
          ...(k8s ? { kubernetesVersion: k8s } : {}),
        });
        if (!parsed.ok) return void (await error(describeBulkErrors(parsed.errors).join('\n')));
      }
    }
    const join = isChecked(values, JOIN_BLOCK, JOIN_VALUE);
    const requestId = requestIdOf(body.team?.id ?? '', body.trigger_id ?? view.id);
    const job = commandJob(
      BULK_REGISTER_JOB,
      { requestId, user, channel: user, teamId: body.team?.id, receivedAt: deps.clock.now() },
      {
        positionals: {},
        options: {
          cluster,
          ...(k8s ? { k8s } : {}),
          ...(csv ? { csv } : { fileUrl: fileUrl ?? '' }),
          ...(join ? { join: true } : {}),
        },
      },
    );
    const entry = {
      at: deps.clock.now(),
      user,
      channel: user,
      command: `host register --bulk${join ? ' --join' : ''} (${cluster})`,
      outcome: 'accepted',
    };
    // Accepted before the ack, in one Redis call: if it cannot be, the form stays open and says so.
    if (!(await acceptForm(deps, requestId, entry, commandIntake(job, requestId))))
      return void (await error(FORM_NOT_TAKEN));
    await ack();
  };
}
