import { type ClusterImportPlan, planClusterImport } from '../../src/domain/clusters/cluster-import-plan';
import { hybridNodesRoleOf, importedEntry } from '../../src/domain/clusters/cluster-import-request';
import { runDoctor } from '../../src/domain/doctor';
import { BotError, ErrorCode } from '../../src/errors';
import { gatherClusterFacts } from '../cluster/cluster-facts';
import { proposeCommandChange } from '../command-change';
import type { CommandProcessor } from '../job-context';
import { alreadyManaged } from './cluster-lookup';

/**
 * `/hybrid cluster import <name> --region r --channel #c`: reads the cluster from EKS and its
 * Kubernetes API, runs the doctor's checks on it, and asks another admin to approve the findings
 * as a plan. Nothing is recorded before that.
 */
export const clusterImport: CommandProcessor<'cluster import'> = async (job, deps) => {
  const o = job.data.options;
  const name = (job.data.positionals.name ?? '').trim();
  const entry = importedEntry({
    name,
    ...(o.region ? { region: o.region } : {}),
    ...(o['role-arn'] ? { roleArn: o['role-arn'] } : {}),
    ...(o.channel ? { channel: o.channel } : {}),
    ...(o['alert-channel'] ? { alertChannel: o['alert-channel'] } : {}),
    ...(o['hybrid-nodes-role'] ? { hybridNodesRole: o['hybrid-nodes-role'] } : {}),
  });
  if (!entry.ok) throw new BotError(ErrorCode.Validation, entry.problems.join('\n'));
  const managed = alreadyManaged(deps, name);
  if (managed) throw new BotError(ErrorCode.Conflict, managed);

  // The facts name the role only once its access entries are read: a placeholder until then.
  const reading = { ...entry.cluster, hybridNodesRole: o['hybrid-nodes-role'] ?? 'unknown' };
  const where = `${entry.cluster.region}${entry.cluster.roleArn ? ` as ${entry.cluster.roleArn}` : ''}`;
  const couldNotRead = (err: unknown) => {
    if (!(err instanceof BotError)) return err;
    return new BotError(err.code, `Could not read cluster \`${name}\` in ${where}: ${err.userMessage}`, {
      cause: err,
      retryable: err.retryable,
    });
  };
  await deps.cloud
    .forCluster(reading)
    .eks.describeCluster(name)
    .catch((err: unknown) => {
      if (!(err instanceof BotError && err.code === ErrorCode.NotFound)) throw couldNotRead(err);
      throw new BotError(
        ErrorCode.NotFound,
        `EKS has no cluster \`${name}\` in ${where}: check the name and \`--region\`. Nothing was recorded.`,
        { cause: err },
      );
    });
  const facts = await gatherClusterFacts(reading, deps).catch((err: unknown) => {
    throw couldNotRead(err);
  });
  const role = hybridNodesRoleOf(name, o['hybrid-nodes-role'], facts.accessEntries);
  if (!role.ok) throw new BotError(ErrorCode.Validation, role.message);
  const account = facts.hybridNodesRoleArn?.split(':')[4] ?? '';
  const findings = runDoctor({
    ...facts,
    hybridNodesRoleArn: `arn:aws:iam::${account}:role/${role.role}`,
  });
  const cluster = { ...entry.cluster, hybridNodesRole: role.role };
  const plan: ClusterImportPlan = {
    cluster,
    eks: { version: facts.cluster.version, status: facts.cluster.status },
    hybridNodesRoleFrom: role.from,
    findings,
  };
  return proposeCommandChange(deps, job.data.request, cluster, planClusterImport(plan));
};
