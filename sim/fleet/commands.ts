import type { Fleet } from './fleet';
import { rebootHost } from './host-reboot';
import { uuid } from './ids';
import { runCommandPlace, runScriptTimed, type ScriptOutcome } from './nodeadm/run-script';
import type { Command } from './types';

export interface SendCommandInput {
  region: string;
  documentName: string;
  instanceIds: string[];
  parameters: Record<string, string[]>;
  comment: string;
  timeoutSeconds: number;
}

/**
 * Accepts a Run Command for its instances; each invocation is Pending for `commandStepMs`, then InProgress
 * while its script runs on the host (each nodeadm verb taking its scenario duration on the simulator's
 * clock, its effects landing as it ends) and another `commandStepMs`: then Success or Failed.
 */
export function sendCommand(fleet: Fleet, input: SendCommandInput): Command {
  const command: Command = {
    commandId: uuid(),
    region: input.region,
    documentName: input.documentName,
    comment: input.comment,
    parameters: input.parameters,
    instanceIds: input.instanceIds,
    requestedDateTime: fleet.now(),
    timeoutSeconds: input.timeoutSeconds,
    invocations: new Map(),
  };
  for (const instanceId of input.instanceIds) {
    command.invocations.set(instanceId, {
      commandId: command.commandId,
      instanceId,
      status: 'Pending',
      responseCode: -1,
      stdout: '',
      stderr: '',
    });
  }
  fleet.commands.set(command.commandId, command);
  const step = fleet.options.commandStepMs;
  fleet.later(step, () => {
    for (const inv of command.invocations.values()) {
      inv.status = 'InProgress';
      inv.startedAt = fleet.now();
    }
    run(fleet, command);
  });
  return command;
}

/** The exit code with which a script asks the SSM agent to reboot the host now and run the script again after. */
const REBOOT_EXIT = 194;

/** AWS-RunShellScript's executionTimeout parameter (seconds), default 3600. */
function executionTimeoutMs(command: Command): number {
  const seconds = Number(command.parameters.executionTimeout?.[0] ?? 3600);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000;
}

function run(fleet: Fleet, command: Command): void {
  const step = fleet.options.commandStepMs;
  for (const inv of command.invocations.values()) {
    // With no step, the outcome shows in the very call that found the script done (moving a test clock).
    const finish = (outcome: ScriptOutcome) =>
      step > 0 ? fleet.later(step, () => record(outcome)) : record(outcome);
    const record = (outcome: ScriptOutcome, status?: 'TimedOut') => {
      inv.status = status ?? (outcome.exitCode === 0 ? 'Success' : 'Failed');
      inv.responseCode = outcome.exitCode;
      inv.stdout = outcome.stdout;
      inv.stderr = outcome.stderr;
      inv.endedAt = fleet.now();
    };
    const host = fleet.hostByInstance(inv.instanceId);
    if (!host) {
      finish({ exitCode: 1, stdout: '', stderr: 'managed instance no longer registered' });
      continue;
    }
    const place = runCommandPlace(inv.instanceId, command.commandId);
    const started = fleet.now().getTime();
    // Exit 194: the agent reboots the host and, once back, runs the whole script again (it must be
    // idempotent); the invocation stays InProgress meanwhile and ends with the last run's outcome.
    // A script that asks again reboots again, until the execution timeout ends the invocation.
    const attempt = () =>
      runScriptTimed(fleet, host, command.parameters.commands ?? [], place, (outcome) => {
        if (outcome.exitCode !== REBOOT_EXIT) return finish(outcome);
        if (fleet.now().getTime() - started >= executionTimeoutMs(command))
          return record(outcome, 'TimedOut');
        rebootHost(fleet, host, attempt);
      });
    attempt();
  }
}

/** The overall status AWS reports for a command from its invocations. */
export function commandStatus(command: Command): string {
  const statuses = [...command.invocations.values()].map((i) => i.status);
  if (statuses.some((s) => s === 'Pending' || s === 'InProgress')) {
    return statuses.some((s) => s !== 'Pending') ? 'InProgress' : 'Pending';
  }
  return statuses.every((s) => s === 'Success') ? 'Success' : 'Failed';
}
