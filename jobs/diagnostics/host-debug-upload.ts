import type { SummarizedHost } from '../../src/blocks/diagnostics/host-debug-message';
import { hostDebugMessage } from '../../src/blocks/diagnostics/host-debug-message';
import {
  byHandRemedies,
  uploadReadReply,
  uploadRefusedMessage,
} from '../../src/blocks/diagnostics/host-debug-upload';
import { readUploadedDiagnostics, UPLOAD_MAX_BYTES } from '../../src/domain/diagnostics/diagnostics-by-hand';
import { BotError, ErrorCode } from '../../src/errors';
import { replyTo } from '../../src/ports';
import { hostAndCluster } from '../command-cluster';
import type { CommandProcessor } from '../job-context';
import { postDiagnosticsResult } from './debug-poll';

/**
 * The Upload output form's job: downloads the file (bounded), reads it as the Run Command's output
 * would be read, and posts the same summary in the cluster's channel with the redacted output in its
 * thread. The file's text lives only in this job's memory and, redacted, in the posts.
 */
export const hostDebugUpload: CommandProcessor<'host debug-upload'> = async (job, deps) => {
  const { request, options } = job.data;
  const { cluster, host } = await hostAndCluster(deps, job.data, job.data.positionals.name);
  const reply = (m: Parameters<typeof replyTo>[1]) =>
    deps.outbox.send(replyTo(request, m), { jobId: `reply-${job.id}` });
  const name = options.fileName ?? 'The file';

  let text: string;
  try {
    text = await deps.slack.downloadFile(String(options.fileUrl ?? ''), {
      bytes: UPLOAD_MAX_BYTES,
      tooBig: `${name} is larger than ${UPLOAD_MAX_BYTES / 1024} KB, more than the diagnostics command writes.`,
    });
  } catch (err) {
    // What the user can fix is told; Slack being out of reach is retried as any job is.
    if (err instanceof BotError && err.code === ErrorCode.Validation && !err.retryable) {
      await reply(uploadRefusedMessage(host.name, err.userMessage));
      return { outcome: 'refused' };
    }
    throw err;
  }
  const read = readUploadedDiagnostics(text, { name: host.name, cluster: cluster.name });
  if (!read.ok) {
    await reply(uploadRefusedMessage(host.name, read.problem));
    return { outcome: 'refused' };
  }

  const summarized: SummarizedHost = {
    name: host.name,
    cluster: cluster.name,
    ...(host.managedInstanceId ? { managedInstanceId: host.managedInstanceId } : {}),
    ...(host.site ? { site: host.site } : {}),
  };
  // A host joined through IAM Roles Anywhere runs no SSM agent by design: not a fault to flag.
  const { 'amazon-ssm-agent': _agent, ...services } = read.diagnostics.services;
  const diagnostics = host.auth === 'iam-ra' ? { ...read.diagnostics, services } : read.diagnostics;
  const summary = hostDebugMessage(summarized, diagnostics, deps.clock.now(), { user: request.user });
  await postDiagnosticsResult(
    deps,
    { channel: cluster.channel, slot: `debug-${request.requestId}`, requester: request.user },
    { ...summary, blocks: [...summary.blocks.slice(0, 48), ...byHandRemedies(summarized, diagnostics)] },
    {
      host: host.name,
      title: `Host debug: ${host.name}, full output (run by hand on the host)`,
      output: text,
    },
  );
  await reply(uploadReadReply(host.name, cluster.channel));
  return {
    outcome: 'diagnosed',
    failedChecks: diagnostics.nodeadm.checks.filter((c) => !c.passed).length,
  };
};
