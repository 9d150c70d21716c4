import {
  describeFieldErrors,
  type HostRegistration,
  type HostRegistrationRequest,
  missingFlagsMessage,
  validateHostRegistration,
} from '../../src/domain/host-registration';
import { BotError, ErrorCode } from '../../src/errors';
import { clusterInfos } from '../cluster/cluster-info';
import { clearCluster } from '../command-cluster';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { registerOne } from './register-one';

/** Checks a registration against configuration, EKS (hybrid enabled, remote networks) and the inventory. */
async function validateRegistration(
  deps: CommandDeps,
  request: HostRegistrationRequest,
): Promise<ReturnType<typeof validateHostRegistration>> {
  const known = deps.config.clusters.some((c) => c.name === request.cluster.trim());
  const clusters = known ? await clusterInfos(deps, request.cluster.trim()) : await clusterInfos(deps, '');
  const existing = known ? await deps.stores.inventory.activeNames(request.cluster.trim()) : [];
  return validateHostRegistration(request, clusters, existing);
}

/** `/hybrid host register <name> --cluster c --site s --ip a.b.c.d [--auth] [--arch] [--k8s] [--join]` */
export const hostRegister: CommandProcessor<'host register'> = async (job, deps) => {
  const { positionals, options, request } = job.data;
  const wanted: HostRegistrationRequest = {
    name: positionals.name ?? '',
    cluster: options.cluster ?? '',
    site: options.site ?? '',
    ip: options.ip ?? '',
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.arch ? { arch: options.arch } : {}),
    ...(options.k8s ? { kubernetesVersion: options.k8s } : {}),
    ...(options.join === true ? { join: true } : {}),
  };
  // Left out: the channel's cluster, or the only one; else the missing flags are named together.
  if (!wanted.cluster) wanted.cluster = clearCluster(deps, job.data)?.name ?? '';
  const missing = missingFlagsMessage(
    wanted,
    deps.config.clusters.map((c) => c.name),
  );
  if (missing) throw new BotError(ErrorCode.Validation, missing);
  const registration = await validated(deps, wanted);
  const issued = await registerOne(
    deps,
    registration,
    { user: request.user, responseUrl: request.responseUrl },
    `reg-${request.requestId}`,
  );
  return { host: registration.name, activationId: issued.activationId };
};

async function validated(deps: CommandDeps, wanted: HostRegistrationRequest): Promise<HostRegistration> {
  const result = await validateRegistration(deps, wanted);
  if (!result.ok) throw new BotError(ErrorCode.Validation, describeFieldErrors(result.errors));
  return result.registration;
}
