import type { Fleet } from './fleet';
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

function run(fleet: Fleet, command: Command): void {
  const step = fleet.options.commandStepMs;
  for (const inv of command.invocations.values()) {
    // With no step, the outcome shows in the very call that found the script done (moving a test clock).
    const finish = (outcome: ScriptOutcome) =>
      step > 0 ? fleet.later(step, () => record(outcome)) : record(outcome);
    const record = (outcome: ScriptOutcome) => {
      inv.status = outcome.exitCode === 0 ? 'Success' : 'Failed';
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
    runScriptTimed(fleet, host, command.parameters.commands ?? [], place, finish);
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
