import { key } from '../../src/adapters/redis/connection';
import {
  bulkProgressMessage,
  bulkRowsRefusedMessage,
  bulkSecretsFile,
  bulkSecretsSentMessage,
} from '../../src/blocks/hosts/bulk-messages';
import { parseBulkHosts } from '../../src/domain/bulk-hosts-csv';
import type { HostRegistration } from '../../src/domain/host-registration';
import { asBotError } from '../../src/errors';
import { replyTo } from '../../src/ports';
import { clusterConfig, clusterInfos } from '../cluster/cluster-info';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { bootstrapFor, issueCredential } from './host-credentials';
import { needsWatch, pendingHostRecord } from './register-one';
import { privately } from './requester';
import { startWatching } from './watch-registration';

const CONCURRENCY = 8;
/** chat.update is Tier 3: one progress update every couple of seconds at most. */
const PROGRESS_EVERY_MS = 2000;

/** The bulk form's job: validate every row, then issue each host's credential, paced; one message of secrets. */
export const bulkRegister: CommandProcessor<'host register-bulk'> = async (job, deps) => {
  const { request, options } = job.data;
  const clusterName = String(options.cluster ?? '');
  const cluster = clusterConfig(deps, clusterName);
  const csv =
    typeof options.csv === 'string' ? options.csv : await deps.slack.downloadFile(String(options.fileUrl));
  // Hosts an earlier try of this very request already registered are its own, not taken names.
  const active = await deps.stores.inventory.activeNames(clusterName);
  const ours = await deps.stores.activations.known(active.map((name) => issueKey(request.requestId, name)));
  const parsed = parseBulkHosts(csv, {
    cluster: clusterName,
    clusters: await clusterInfos(deps, clusterName),
    existingHostNames: active.filter((name) => !ours.has(issueKey(request.requestId, name))),
    ...(typeof options.k8s === 'string' ? { kubernetesVersion: options.k8s } : {}),
  });
  if (!parsed.ok) {
    await deps.outbox.send(replyTo(request, bulkRowsRefusedMessage(parsed.errors)), {
      jobId: `reply-${job.id}`,
    });
    return { errors: parsed.errors.length };
  }

  const join = options.join === true;
  const hosts = join ? parsed.hosts.map((r) => ({ ...r, join: true })) : parsed.hosts;
  const slot = `bulk-${request.requestId}`;
  const progress = {
    cluster: clusterName,
    requester: request.user,
    total: hosts.length,
    issued: 0,
    failed: [] as string[],
    done: false,
  };
  const show = () =>
    deps.outbox.send({ kind: 'post', channel: cluster.channel, slot, ...bulkProgressMessage(progress) });
  await show();
  let lastShown = deps.clock.now();

  const codes = new Map<string, string>();
  const issued: { registration: HostRegistration; activationId?: string }[] = [];
  let expiresAt = deps.clock.now();
  const fileKey = key('bulk-file', request.requestId);
  if (await deps.redis.get(fileKey)) {
    // An earlier try sent the secrets file and stopped before recording the hosts: record them, send nothing again.
    const recorded = await Promise.all(
      hosts.map(async (r) => ({
        r,
        state: await deps.stores.activations.get(issueKey(request.requestId, r.name)),
      })),
    );
    const resumed = recorded.flatMap(({ r, state }) =>
      state && state.state !== 'creating' ? [{ registration: r, activationId: state.activationId }] : [],
    );
    const until = recorded.reduce(
      (t, { state }) => (state?.state === 'created' ? Math.max(t, state.expiresAt) : t),
      0,
    );
    await record(
      deps,
      resumed,
      request.user,
      request.requestId,
      until || deps.clock.now() + deps.config.activationExpiryHours * 3_600_000,
    );
    progress.issued = resumed.length;
    progress.done = true;
    await show();
    return { issued: resumed.length, failed: 0, resumed: true };
  }
  const queue = [...hosts];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      try {
        const credential = await issueCredential(
          deps,
          cluster,
          r,
          request.user,
          issueKey(request.requestId, r.name),
        );
        if (credential.activation) codes.set(r.name, credential.activation.activationCode);
        issued.push({ registration: r, activationId: credential.activation?.activationId });
        expiresAt = credential.expiresAt;
        progress.issued++;
      } catch (err) {
        progress.failed.push(`${r.name}: ${asBotError(err).userMessage}`);
      }
      if (deps.clock.now() - lastShown >= PROGRESS_EVERY_MS) {
        lastShown = deps.clock.now();
        await show();
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  issued.sort((a, b) => a.registration.name.localeCompare(b.registration.name));

  const first = issued.find((i) => i.activationId)?.registration ?? hosts[0];
  const template = first
    ? bootstrapFor(
        cluster,
        // One set of commands for every host: its own activation and site go where the placeholders are.
        { ...first, auth: 'ssm', site: '<SITE>' },
        {
          activation: { activationId: '<ACTIVATION_ID>', activationCode: '<ACTIVATION_CODE>' },
          expiresAt,
        },
      ).commands
    : [];
  if (issued.length > 0) {
    // Every secret in one file, shared in the requester's direct messages only.
    const file = bulkSecretsFile(clusterName, issued, codes, template, expiresAt, join);
    const activations = issued.flatMap(({ registration: r, activationId }) =>
      activationId ? [{ cluster: r.cluster, host: r.name, activationId }] : [],
    );
    await deps.outbox.send(
      {
        kind: 'file',
        user: request.user,
        secret: true,
        ...(activations.length > 0
          ? { carries: { requester: request.user, activations, usableUntil: expiresAt } }
          : {}),
        ...file,
      },
      { jobId: `bulk-file-${request.requestId}` },
    );
    await deps.outbox.send(
      privately(
        { user: request.user, responseUrl: request.responseUrl },
        bulkSecretsSentMessage(clusterName, issued.length),
      ),
      { jobId: `bulk-sent-${request.requestId}` },
    );
    await deps.redis.set(fileKey, '1', 'EX', 7 * 24 * 3600);
  }
  await record(deps, issued, request.user, request.requestId, expiresAt);
  progress.done = true;
  await show();
  await deps.audit.append(
    {
      at: deps.clock.now(),
      user: request.user,
      channel: cluster.channel,
      command: `/hybrid host register --bulk${join ? ' --join' : ''} (${clusterName})`,
      outcome: 'activations issued',
      detail: `${progress.issued} issued, ${progress.failed.length} failed`,
    },
    { once: `bulk-${request.requestId}` },
  );
  return { issued: progress.issued, failed: progress.failed.length };
};

const issueKey = (requestId: string, host: string) => `bulk-${requestId}-${host}`;

async function record(
  deps: CommandDeps,
  issued: { registration: HostRegistration; activationId?: string }[],
  requester: string,
  requestId: string,
  expiresAt: number,
): Promise<void> {
  const inventory = deps.stores.inventory;
  const ledger = deps.stores.activations;
  for (const { registration: r, activationId } of issued) {
    const host = pendingHostRecord(r, requester, activationId, expiresAt, deps.clock.now());
    await inventory.put(host);
    // The watch before the ledger says delivered: a retry after a crash between them starts it again (keyed).
    if (needsWatch(r)) await startWatching(deps, { record: host, requester, watchUntil: expiresAt });
    await ledger.delivered(issueKey(requestId, r.name), activationId ?? 'iam-ra');
  }
}
