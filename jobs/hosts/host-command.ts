import type { CommandResult, Ssm } from '../../src/cloud-ports';
import { BotError, ErrorCode } from '../../src/errors';

const DONE = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);

export interface HostCommandOptions {
  timeoutSeconds?: number;
  pollMs?: number;
}

/**
 * Runs a shell script on a managed instance once: a command already in the instance's history
 * under the same comment (sent before a worker died) is waited for instead of sent again.
 * Scripts never carry secrets: SSM keeps every command's parameters in its history.
 */
export async function runHostCommand(
  ssm: Ssm,
  instanceId: string,
  commands: string[],
  comment: string,
  opts: HostCommandOptions = {},
): Promise<CommandResult> {
  const timeoutSeconds = opts.timeoutSeconds ?? 900;
  const pollMs = opts.pollMs ?? 1000;
  const commandId =
    (await ssm.findCommand(instanceId, comment)) ??
    (await ssm.sendShellCommand([instanceId], commands, timeoutSeconds, comment));
  // SSM ends the command itself at its execution timeout; a margin covers delivery to the host.
  const deadline = Date.now() + (timeoutSeconds + 120) * 1000;
  for (;;) {
    const result = await ssm.getCommandResult(commandId, instanceId);
    if (DONE.has(result.status)) return result;
    if (Date.now() > deadline) {
      throw new BotError(
        ErrorCode.Timeout,
        `command ${commandId} on ${instanceId} has not finished after ${timeoutSeconds} s`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
