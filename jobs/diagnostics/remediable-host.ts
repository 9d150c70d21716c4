import type { PingStatus } from '../../src/cloud-ports';
import { isReachable } from '../../src/domain/diagnostics/host-reachability';
import { BotError, ErrorCode } from '../../src/errors';
import type { RequestContext } from '../../src/job-data';
import { hostAndCluster } from '../command-cluster';
import type { CommandDeps } from '../job-context';

/** How a remedy names itself in its refusals. */
export interface RemedyWords {
  /** "no command can restart kubelet there", "no command can reboot it" */
  noCommand: string;
  /** "there is no kubelet to restart", "the bot cannot reboot it" */
  unregistered: string;
  /** "restarting kubelet", "a reboot" */
  doing: string;
  /** What to run at an IAM Roles Anywhere host, given its node's name. */
  byHand(node: string): string;
}

/**
 * The host a remedy (restart, reboot) acts on, checked as every remedy needs: an SSM host, reachable
 * now, with a node in its cluster. Each refusal says why and what to do instead.
 */
export async function remediableHost(
  deps: CommandDeps,
  data: { request: RequestContext; options: { cluster?: string } },
  name: string,
  words: RemedyWords,
) {
  const { cluster, host } = await hostAndCluster(deps, data, name);
  if (host.auth === 'iam-ra' || !host.managedInstanceId) {
    throw new BotError(
      ErrorCode.Validation,
      host.auth === 'iam-ra'
        ? `Host ${host.name} joined through IAM Roles Anywhere: the bot cannot run commands on it. ${words.byHand(host.node?.name ?? '<node>')}`
        : `Host ${host.name} has not registered with SSM yet: ${words.unregistered}.`,
    );
  }
  const managedInstanceId = host.managedInstanceId;
  const { ssm, kube } = deps.cloud.forCluster(cluster);
  const [instance] = await ssm.describeInstances({ instanceIds: [managedInstanceId] });
  if (!instance || !isReachable(instance.pingStatus as PingStatus)) {
    throw new BotError(
      ErrorCode.Conflict,
      `SSM cannot reach ${host.name} (${instance ? `PingStatus ${instance.pingStatus}` : 'no managed instance'}), so ${words.noCommand}: check power and the network at site ${host.site || 'unknown'}.`,
    );
  }
  const nodeName = host.node?.name ?? managedInstanceId;
  const node = await kube.getNode(nodeName);
  if (!node) {
    throw new BotError(
      ErrorCode.Validation,
      `Host ${host.name} has no node in ${cluster.name}: it has not joined, so ${words.doing} cannot bring a node back. Join it with a pool (\`/hybrid pool add <pool> --hosts ${host.name} --cluster ${cluster.name}\`).`,
    );
  }
  return { cluster, host, managedInstanceId, nodeName, node, kube };
}
