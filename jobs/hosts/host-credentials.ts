import type { ClusterConfig } from '../../src/config/schema';
import { buildActivationRequest, readActivationTags } from '../../src/domain/activation-request';
import { hostNodeLabels } from '../../src/domain/bot-labels';
import type { HostRegistration } from '../../src/domain/host-registration';
import {
  iamRaRegistrationInstructions,
  ssmRegistrationScript,
} from '../../src/domain/hosts/registration-bootstrap';
import { type BootstrapInstructions, bootstrapScript } from '../../src/domain/node-bootstrap';
import {
  DEFAULT_CERTIFICATE_PATH,
  DEFAULT_PRIVATE_KEY_PATH,
  type NodeCredential,
  nodeConfigYaml,
  renderNodeConfig,
} from '../../src/domain/node-config';
import { BotError, ErrorCode } from '../../src/errors';
import type { CommandDeps } from '../job-context';

export interface IssuedCredential {
  /** SSM only; the code lives in memory only, for the one message to the requester. */
  activation?: { activationId: string; activationCode: string };
  expiresAt: number;
}

/**
 * Creates the host's SSM activation (the SSM adapter paces it and retries throttles), once per
 * issue key: a retry after a crash first deletes an activation nobody received. IAM Roles Anywhere
 * needs nothing from AWS.
 */
export async function issueCredential(
  deps: CommandDeps,
  cluster: ClusterConfig,
  r: HostRegistration,
  requester: string,
  issueKey: string,
): Promise<IssuedCredential> {
  const now = deps.clock.now();
  const expiresAt = now + deps.config.activationExpiryHours * 3_600_000;
  if (r.auth === 'iam-ra') {
    if (!cluster.iamRolesAnywhere) {
      throw new BotError(
        ErrorCode.Validation,
        `Cluster ${cluster.name} has no iamRolesAnywhere settings (trust anchor, profile, role): add them to the configuration, or use --auth ssm.`,
      );
    }
    return { expiresAt };
  }
  const built = buildActivationRequest({
    hybridNodesRole: cluster.hybridNodesRole,
    hostName: r.name,
    cluster: r.cluster,
    site: r.site,
    requester,
    expiresInHours: deps.config.activationExpiryHours,
    now: new Date(now),
  });
  if (!built.ok) throw new BotError(ErrorCode.Validation, built.problems.join(' '));
  const ledger = deps.stores.activations;
  const { ssm } = deps.cloud.forCluster(cluster);
  const prior = await ledger.get(issueKey);
  if (prior?.state === 'created') {
    // Made by an earlier try of this request that stopped before delivering it: reuse it.
    const activationCode = ledger.codeOf(prior);
    if (activationCode) {
      return { activation: { activationId: prior.activationId, activationCode }, expiresAt: prior.expiresAt };
    }
  }
  if (prior && prior.state !== 'delivered') await deleteUnused(deps, cluster, r);
  await ledger.creating(issueKey);
  const activation = await ssm.createActivation(built.request);
  const usableUntil = built.request.ExpirationDate.getTime();
  await ledger.created(issueKey, activation.activationId, activation.activationCode, usableUntil);
  return { activation, expiresAt: usableUntil };
}

/** Deletes the bot's unused activations of this host (left by an earlier try or replaced by a new one). */
export async function deleteUnused(
  deps: CommandDeps,
  cluster: ClusterConfig,
  r: { name: string; cluster: string },
) {
  const { ssm } = deps.cloud.forCluster(cluster);
  const activations = await ssm.describeActivations({ defaultInstanceName: r.name });
  for (const a of activations) {
    const tags = readActivationTags(a.tags);
    if (tags?.cluster === r.cluster && tags.host === r.name && a.registrationsCount === 0) {
      await ssm.deleteActivation(a.activationId);
    }
  }
}

export function nodeCredential(
  cluster: ClusterConfig,
  r: HostRegistration,
  issued: IssuedCredential,
): NodeCredential {
  if (issued.activation) return { kind: 'ssm', ...issued.activation };
  const ra = cluster.iamRolesAnywhere;
  if (!ra)
    throw new BotError(ErrorCode.Validation, `Cluster ${cluster.name} has no iamRolesAnywhere settings.`);
  return { kind: 'iam-ra', nodeName: r.name, ...ra };
}

/**
 * What the requester runs on one host: by default registration only (SSM: the agent registered and
 * the credentials part left on the host; IAM Roles Anywhere: where the certificate goes); with
 * `--join`, the whole NodeConfig and `nodeadm install` + `nodeadm init`.
 */
export function bootstrapFor(
  cluster: ClusterConfig,
  r: HostRegistration,
  issued: IssuedCredential,
): BootstrapInstructions {
  if (!r.join) {
    const credential = nodeCredential(cluster, r, issued);
    if (credential.kind === 'ssm') {
      return ssmRegistrationScript({
        kubernetesVersion: r.kubernetesVersion,
        region: cluster.region,
        activationId: credential.activationId,
        activationCode: credential.activationCode,
      });
    }
    return iamRaRegistrationInstructions({
      nodeName: credential.nodeName,
      certificatePath: credential.certificatePath ?? DEFAULT_CERTIFICATE_PATH,
      privateKeyPath: credential.privateKeyPath ?? DEFAULT_PRIVATE_KEY_PATH,
    });
  }
  return joinBootstrap(cluster, r, issued);
}

/** `--join`: the NodeConfig and the commands that install nodeadm and join the cluster at once. */
function joinBootstrap(cluster: ClusterConfig, r: HostRegistration, issued: IssuedCredential) {
  const config = renderNodeConfig({
    clusterName: cluster.name,
    region: cluster.region,
    credential: nodeCredential(cluster, r, issued),
    nodeLabels: hostNodeLabels(r),
  });
  return bootstrapScript({
    kubernetesVersion: r.kubernetesVersion,
    credentialProvider: r.auth,
    nodeConfigYaml: nodeConfigYaml(config),
    nodeName: r.auth === 'iam-ra' ? r.name : undefined,
  });
}
