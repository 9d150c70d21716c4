import type { CommandResult, CommandStatus, Ssm } from '../../src/cloud-ports';

const FINISHED = new Set<CommandStatus>(['Success', 'Failed', 'Cancelled', 'TimedOut']);

/** SSM's clock and this host's may differ a little: the listing starts this much earlier. */
const SKEW_MS = 10_000;
/** Commands remembered at most, over all changes (a worker that died leaves its own behind). */
const MAX_REMEMBERED = 5000;

interface Look {
  at: number;
  statuses: Promise<Map<string, CommandStatus>>;
}

/** The commands one change has sent from this process and not yet seen end, and its last look at them. */
interface ChangeCommands {
  sent: Map<string, number>;
  look?: Look;
}

const byChange = new Map<string, ChangeCommands>();
let remembered = 0;
const keyOf = (commandId: string, instanceId: string) => `${commandId} ${instanceId}`;

/** A step of change `changeId` sent `commandId` to `instanceId` at `at` (ms): its looks may be shared. */
export function commandSent(changeId: string, commandId: string, instanceId: string, at: number): void {
  if (remembered >= MAX_REMEMBERED) forgetAll();
  const c = byChange.get(changeId) ?? { sent: new Map<string, number>() };
  byChange.set(changeId, c);
  if (!c.sent.has(keyOf(commandId, instanceId))) remembered += 1;
  c.sent.set(keyOf(commandId, instanceId), at);
}

function forgetAll(): void {
  byChange.clear();
  remembered = 0;
}

/**
 * Where a command a step waits on stands. One look at the Run Commands a change has under way
 * serves every step of it that looks within `freshMs` of it (no step looks more often than that
 * anyway): a ListCommandInvocations of those sent since the oldest still under way, instead of a
 * GetCommandInvocation per host. What a command printed is read on its own, once, when it failed
 * (or, with `successOutput`, whenever it ended). A command this process did not send (found by its
 * comment after a crash, or sent by another worker) is read on its own too.
 */
export async function commandResult(
  ssm: Pick<Ssm, 'getCommandResult' | 'listRecentInvocations'>,
  changeId: string,
  commandId: string,
  instanceId: string,
  freshMs: number,
  successOutput = false,
): Promise<CommandResult> {
  const c = byChange.get(changeId);
  const key = keyOf(commandId, instanceId);
  const sentAt = c?.sent.get(key);
  if (!c || sentAt === undefined) return ssm.getCommandResult(commandId, instanceId);
  const now = Date.now();
  let look = c.look;
  if (!look || look.at < sentAt || now - look.at > freshMs) {
    const since = new Date(Math.min(...c.sent.values()) - SKEW_MS);
    const wanted = new Set([...c.sent.keys()].map((k) => k.split(' ')[0] as string));
    const made: Look = {
      at: now,
      statuses: ssm
        .listRecentInvocations(since, wanted)
        .then((found) => new Map(found.map((i) => [keyOf(i.commandId, i.instanceId), i.status]))),
    };
    // A look that failed is not shared: the next step to look makes its own.
    made.statuses.catch(() => {
      if (c.look === made) c.look = undefined;
    });
    c.look = made;
    look = made;
  }
  // Not listed yet: SSM may show a command a moment after SendCommand.
  const status = (await look.statuses).get(key) ?? 'Pending';
  if (!FINISHED.has(status)) return { status, stdout: '', stderr: '' };
  if (c.sent.delete(key)) remembered -= 1;
  if (c.sent.size === 0 && byChange.get(changeId) === c) byChange.delete(changeId);
  if (status === 'Success' && !successOutput) return { status, stdout: '', stderr: '' };
  return ssm.getCommandResult(commandId, instanceId);
}
