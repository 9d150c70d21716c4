import type { Ssm } from '../../src/cloud-ports';
import {
  HOST_FACTS_EXECUTION_TIMEOUT_SECONDS,
  hostFactsScript,
} from '../../src/domain/diagnostics/host-facts-script';
import { BotError, ErrorCode } from '../../src/errors';

/**
 * Sends the fact collection to one batch of Online hosts. SSM refuses the whole call when one of
 * them stopped being Online since it was listed (InvalidInstanceId): then the batch is read again and
 * sent once more to those still Online; the others are returned as offline, not retried.
 */
export async function sendFactBatch(
  ssm: Pick<Ssm, 'sendShellCommand' | 'describeInstances'>,
  ids: string[],
  comment: string,
): Promise<{ commandId?: string; offline: string[] }> {
  const send = (to: string[]) =>
    ssm.sendShellCommand(to, hostFactsScript(), HOST_FACTS_EXECUTION_TIMEOUT_SECONDS, comment);
  try {
    return { commandId: await send(ids), offline: [] };
  } catch (err) {
    if (!(err instanceof BotError) || err.code !== ErrorCode.NotFound) throw err;
    const online = new Set(
      (await ssm.describeInstances({ instanceIds: ids }))
        .filter((i) => i.pingStatus === 'Online')
        .map((i) => i.instanceId),
    );
    const offline = ids.filter((id) => !online.has(id));
    if (offline.length === 0) throw err;
    const rest = ids.filter((id) => online.has(id));
    return { ...(rest.length > 0 ? { commandId: await send(rest) } : {}), offline };
  }
}
