import { key } from '../../src/adapters/redis/connection';
import { bootstrapMessage } from '../../src/blocks/hosts/bootstrap-message';
import { activationIssuedNotice } from '../../src/blocks/hosts/registration-notices';
import type { HostRegistration } from '../../src/domain/host-registration';
import { deriveHostStatus, type HostRecord } from '../../src/domain/host-status';
import { BotError, ErrorCode } from '../../src/errors';
import { clusterConfig } from '../cluster/cluster-info';
import type { CommandDeps } from '../job-context';
import { bootstrapFor, issueCredential } from './host-credentials';
import { privately, type Requester } from './requester';
import { startWatching } from './watch-registration';

/**
 * Issues one host's credential and tells the right people: the bootstrap (with any activation
 * code) to the requester only, the fact and the expiry to the cluster channel. Idempotent per issue key.
 */
export async function registerOne(
  deps: CommandDeps,
  r: HostRegistration,
  requester: Requester,
  issueKey: string,
): Promise<{ activationId?: string; expiresAt?: number }> {
  const cluster = clusterConfig(deps, r.cluster);
  const ledger = deps.stores.activations;
  const prior = await ledger.get(issueKey);
  if (prior?.state === 'delivered') return { activationId: prior.activationId };
  await claimName(deps, r, issueKey);

  const issued = await issueCredential(deps, cluster, r, requester.user, issueKey);
  const activationId = issued.activation?.activationId;
  const instructions = bootstrapFor(cluster, r, issued);
  await deps.outbox.send(
    privately(
      requester,
      bootstrapMessage({ registration: r, instructions, activationId, expiresAt: issued.expiresAt }),
      activationId
        ? {
            requester: requester.user,
            activations: [{ cluster: r.cluster, host: r.name, activationId }],
            usableUntil: issued.expiresAt,
          }
        : undefined,
    ),
  );
  const record = pendingHostRecord(r, requester.user, activationId, issued.expiresAt, deps.clock.now());
  await deps.stores.inventory.put(record);
  // From here on the inventory holds the name, so validation turns away a second registration.
  await deps.redis.del(key('host-claim', r.cluster, r.name));
  await deps.outbox.send(
    {
      kind: 'post',
      channel: cluster.channel,
      ...activationIssuedNotice(r, requester.user, issued.expiresAt),
    },
    { jobId: `issued-${issueKey}` },
  );
  await deps.audit.append(
    {
      at: deps.clock.now(),
      user: requester.user,
      channel: cluster.channel,
      command: `/hybrid host register ${r.name} --cluster ${r.cluster}`,
      outcome: registrationOutcome(r),
      detail: activationId ? `activation ${activationId}` : undefined,
    },
    { once: `register-${issueKey}` },
  );
  if (needsWatch(r)) {
    await startWatching(deps, { record, requester: requester.user, watchUntil: issued.expiresAt });
  }
  // Last: a worker that dies before this point leaves the activation `created`, so the retry reuses
  // it and still tells the channel and starts the watch (both keyed, so never twice).
  await ledger.delivered(issueKey, activationId ?? 'iam-ra');
  return { activationId, expiresAt: issued.expiresAt };
}

/** What the audit trail records of a registration, by credential and step. */
export function registrationOutcome(r: HostRegistration): string {
  const join = r.join ? ' (--join)' : '';
  return r.auth === 'ssm'
    ? `activation issued${join}`
    : r.join
      ? 'prepared for IAM Roles Anywhere (--join)'
      : 'registered with IAM Roles Anywhere';
}

/**
 * An SSM host is watched until it registers (and with --join until its node joins); an IAM Roles
 * Anywhere host only with --join: without it, recording it was its whole registration.
 */
export function needsWatch(r: Pick<HostRegistration, 'auth' | 'join'>): boolean {
  return r.auth === 'ssm' || r.join === true;
}

/** The inventory entry of a host whose credential was just issued (one form or the bulk form). */
export function pendingHostRecord(
  r: HostRegistration,
  requester: string,
  activationId: string | undefined,
  expiresAt: number,
  now: number,
): HostRecord {
  const stored = {
    name: r.name,
    cluster: r.cluster,
    site: r.site,
    auth: r.auth,
    ip: r.ip,
    arch: r.arch,
    requestedBy: requester,
    ...(activationId ? { activationId, activationExpiresAt: expiresAt } : {}),
    deregistered: false,
    ...(r.join ? { join: true } : {}),
    ...(r.rejoinsPool ? { rejoinsPool: r.rejoinsPool } : {}),
  };
  return { ...stored, status: deriveHostStatus(stored, now) };
}

/** Two people registering the same name at once: the first one wins. */
async function claimName(deps: CommandDeps, r: HostRegistration, issueKey: string): Promise<void> {
  const k = key('host-claim', r.cluster, r.name);
  const ok = await deps.redis.set(k, issueKey, 'EX', 600, 'NX');
  if (ok !== 'OK' && (await deps.redis.get(k)) !== issueKey) {
    throw new BotError(
      ErrorCode.Conflict,
      `Host ${r.name} is being registered by another request right now: check /hybrid hosts in a minute.`,
    );
  }
}
