import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { commandIntake } from '../../src/adapters/queue/intake';
import { FIELD_BLOCKS, JOIN_BLOCK, JOIN_VALUE } from '../../src/blocks/hosts/register-modal';
import { commandJob } from '../../src/command-job';
import { specOf } from '../../src/domain/commands';
import {
  type ClusterInfo,
  type FieldErrors,
  type HostRegistrationRequest,
  validateHostRegistration,
} from '../../src/domain/host-registration';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';
import { acceptForm, FORM_NOT_TAKEN } from './accept-form';
import { fieldValue, isChecked, type StateValues } from './view-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The registration form: checks every field it can without AWS (using the cluster facts jobs
 * cached) and shows errors next to the fields; a valid form starts the same job as the text form.
 */
export function hostRegisterSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const user = body.user.id;
    const { role } = specOf('host register');
    if (!hasRole(await roleOfUser(user, deps), role)) {
      await ack({
        response_action: 'errors',
        errors: { [FIELD_BLOCKS.name]: `Registering hosts needs the ${role} role.` },
      });
      return;
    }
    const values = view.state.values as StateValues;
    const request: HostRegistrationRequest = {
      name: fieldValue(values, FIELD_BLOCKS.name),
      cluster: fieldValue(values, FIELD_BLOCKS.cluster),
      site: fieldValue(values, FIELD_BLOCKS.site),
      ip: fieldValue(values, FIELD_BLOCKS.ip),
      arch: fieldValue(values, FIELD_BLOCKS.arch),
      auth: fieldValue(values, FIELD_BLOCKS.auth),
      kubernetesVersion: fieldValue(values, FIELD_BLOCKS.kubernetesVersion),
    };
    const errors = await formErrors(deps, request);
    if (Object.keys(errors).length > 0) {
      const byBlock = Object.fromEntries(
        Object.entries(errors).map(([field, message]) => [FIELD_BLOCKS[field as keyof FieldErrors], message]),
      );
      await ack({ response_action: 'errors', errors: byBlock });
      return;
    }
    const requestId = requestIdOf(body.team?.id ?? '', body.trigger_id ?? view.id);
    const job = commandJob(
      'host register',
      // No response_url comes with a form: answers go to the user's DM with the bot.
      { requestId, user, channel: user, teamId: body.team?.id, receivedAt: deps.clock.now() },
      {
        positionals: { name: request.name },
        options: {
          cluster: request.cluster,
          site: request.site,
          ip: request.ip,
          auth: request.auth ?? 'ssm',
          arch: request.arch ?? 'amd64',
          ...(request.kubernetesVersion ? { k8s: request.kubernetesVersion } : {}),
          ...(isChecked(values, JOIN_BLOCK, JOIN_VALUE) ? { join: true } : {}),
        },
      },
    );
    const entry = {
      at: deps.clock.now(),
      user,
      channel: user,
      command: `host register form: ${request.name}${isChecked(values, JOIN_BLOCK, JOIN_VALUE) ? ' --join' : ''}`,
      outcome: 'accepted',
    };
    // Accepted before the ack, in one Redis call: if it cannot be, the form stays open and says so.
    if (!(await acceptForm(deps, requestId, entry, commandIntake(job, requestId)))) {
      await ack({ response_action: 'errors', errors: { [FIELD_BLOCKS.name]: FORM_NOT_TAKEN } });
      return;
    }
    await ack();
  };
}

async function formErrors(deps: HandlerDeps, request: HostRegistrationRequest): Promise<FieldErrors> {
  const cached = await deps.hosts.clusterInfo.get(request.cluster);
  const clusters: ClusterInfo[] = deps.hosts.clusterNames.map((name) =>
    name === request.cluster && cached
      ? cached
      : // Unknown facts: let every address and version through here; the job checks them against EKS.
        { name, hybridEnabled: true, remoteNodeNetworks: ['0.0.0.0/0'], version: '', supportedVersions: [] },
  );
  const existing = await deps.hosts.inventory.activeNames(request.cluster);
  const result = validateHostRegistration(request, clusters, existing);
  if (result.ok) return {};
  if (!cached) delete result.errors.kubernetesVersion;
  return result.errors;
}
