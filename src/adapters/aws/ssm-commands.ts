import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  type ListCommandInvocationsCommandOutput,
  SendCommandCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { CommandResult, CommandStatus, InvocationResult, Ssm } from '../../cloud-ports';
import { BotError, ErrorCode } from '../../errors';
import { type AwsErrorOptions, isAwsError } from './aws-errors';

/** Runs one SSM call, mapping what it throws to a BotError that names `action`. */
export type SsmCall = <T>(action: string, run: () => Promise<T>, options?: AwsErrorOptions) => Promise<T>;

/** SendCommand takes at most 50 instance IDs. */
export const MAX_COMMAND_TARGETS = 50;

const STATUSES: readonly CommandStatus[] = [
  'Pending',
  'InProgress',
  'Delayed',
  'Success',
  'Cancelled',
  'TimedOut',
  'Failed',
  'Cancelling',
];

/** Run Command with AWS-RunShellScript, and its results. */
export function ssmCommands(
  client: SSMClient,
  call: SsmCall,
): Pick<Ssm, 'sendShellCommand' | 'getCommandResult' | 'findCommand' | 'listCommandResults'> {
  return {
    sendShellCommand: async (instanceIds, commands, timeoutSeconds, comment) => {
      if (instanceIds.length === 0 || instanceIds.length > MAX_COMMAND_TARGETS) {
        throw new BotError(
          ErrorCode.Validation,
          `A command goes to 1 to ${MAX_COMMAND_TARGETS} hosts at a time, not ${instanceIds.length}: split the list.`,
        );
      }
      return call(
        `Sending a shell command to ${describeTargets(instanceIds)}`,
        async () => {
          const out = await client.send(
            new SendCommandCommand({
              DocumentName: 'AWS-RunShellScript',
              InstanceIds: instanceIds,
              Parameters: { commands, executionTimeout: [String(timeoutSeconds)] },
              ...(comment ? { Comment: comment } : {}),
            }),
          );
          const id = out.Command?.CommandId;
          if (!id) throw new Error('SendCommand returned no command ID');
          return id;
        },
        // Scripts may carry secrets (a NodeConfig with an activation code), and AWS messages echo inputs.
        { sensitive: 'request' },
      );
    },

    getCommandResult: (commandId, instanceId) =>
      call(
        `Reading the result of command ${commandId} on ${instanceId}`,
        async (): Promise<CommandResult> => {
          try {
            const out = await client.send(
              new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
            );
            const status = STATUSES.find((s) => s === out.Status) ?? 'Pending';
            return {
              status,
              ...(out.ResponseCode !== undefined && out.ResponseCode !== -1
                ? { exitCode: out.ResponseCode }
                : {}),
              stdout: out.StandardOutputContent ?? '',
              stderr: out.StandardErrorContent ?? '',
            };
          } catch (err) {
            // SSM documents that an invocation may not be visible right after SendCommand: it is pending.
            if (isAwsError(err, 'InvocationDoesNotExist'))
              return { status: 'Pending', stdout: '', stderr: '' };
            throw err;
          }
        },
      ),

    findCommand: findCommandIn(client, call),

    listCommandResults: (commandId) =>
      call(`Reading the results of command ${commandId}`, async () => {
        const results: InvocationResult[] = [];
        let token: string | undefined;
        do {
          let out: ListCommandInvocationsCommandOutput;
          try {
            out = await client.send(
              new ListCommandInvocationsCommand({
                CommandId: commandId,
                Details: true,
                MaxResults: 50,
                NextToken: token,
              }),
            );
          } catch (err) {
            // Right after SendCommand SSM may not know the command yet: nothing to list so far.
            if (isAwsError(err, 'InvalidCommandId')) return [];
            throw err;
          }
          for (const i of out.CommandInvocations ?? []) {
            if (!i.InstanceId) continue;
            results.push({
              instanceId: i.InstanceId,
              status: STATUSES.find((s) => s === i.Status) ?? 'Pending',
              output: i.CommandPlugins?.[0]?.Output ?? '',
            });
          }
          token = out.NextToken;
        } while (token);
        return results;
      }),
  };
}

/** How many pages of an instance's command history (50 a page, newest first) are searched for a comment. */
const HISTORY_PAGES = 4;

function findCommandIn(client: SSMClient, call: SsmCall): Ssm['findCommand'] {
  return (instanceId, comment) =>
    call(`Reading the command history of ${instanceId}`, async () => {
      let token: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const out = await client.send(
          new ListCommandInvocationsCommand({ InstanceId: instanceId, MaxResults: 50, NextToken: token }),
        );
        const found = out.CommandInvocations?.find((i) => i.Comment === comment);
        if (found?.CommandId) return found.CommandId;
        token = out.NextToken;
        if (!token) return undefined;
      }
      return undefined;
    });
}

function describeTargets(ids: string[]): string {
  return ids.length === 1 ? (ids[0] as string) : `${ids.length} hosts`;
}
