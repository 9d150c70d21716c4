import { profileRenderMessage } from '../../src/blocks/profiles/profile-messages';
import { nodeConfigYaml } from '../../src/domain/node-config';
import {
  checkProfileForCluster,
  credentialPlaceholder,
  renderProfileNodeConfig,
} from '../../src/domain/profiles';
import { BotError, ErrorCode } from '../../src/errors';
import { replyTo } from '../../src/ports';
import { commandCluster } from '../command-cluster';
import type { CommandProcessor } from '../job-context';
import { findProfile } from './profile-lookup';

/**
 * `/hybrid profile render <name>[@version] --cluster c`: the NodeConfig a pool node would join with,
 * credentials as placeholders, and whether the profile's Kubernetes version suits the control plane
 * (read from EKS now, not from a cache).
 */
export const renderProfile: CommandProcessor<'profile render'> = async (job, deps) => {
  const { options, positionals, request } = job.data;
  const auth = options.auth ?? 'ssm';
  if (auth !== 'ssm' && auth !== 'iam-ra') {
    throw new BotError(ErrorCode.Validation, `--auth ${auth} is unknown: use ssm or iam-ra.`);
  }
  const cluster = await commandCluster(deps, job.data);
  const { found } = await findProfile(deps, positionals.profile ?? '');
  const eks = await deps.cloud.forCluster(cluster).eks.describeCluster(cluster.name);
  const nodeConfig = renderProfileNodeConfig({
    cluster: { name: cluster.name, region: cluster.region },
    profile: found.profile,
    credential: credentialPlaceholder(auth),
  });
  const problems = checkProfileForCluster(found.profile, eks.version);
  const message = profileRenderMessage({
    profile: found.profile,
    cluster: cluster.name,
    controlPlaneVersion: eks.version,
    nodeConfigYaml: nodeConfigYaml(nodeConfig),
    checks: problems.map((p) => p.message),
    fits: problems.length === 0,
  });
  await deps.outbox.send(replyTo(request, message), { jobId: `reply-${job.id}` });
  return { fits: problems.length === 0 };
};
