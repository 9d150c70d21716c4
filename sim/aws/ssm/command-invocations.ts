import type { Fleet } from '../../fleet/fleet';
import type { Command, CommandInvocation } from '../../fleet/types';
import { epochSeconds, paginate } from '../pagination';
import { ConstraintCheck, invalidNextToken, maxResults, ssmError } from './ssm-errors';

const PLUGIN = 'aws:runShellScript';
const OUTPUT_LIMIT = 24000;

function invocationOf(
  fleet: Fleet,
  commandId: string | undefined,
  instanceId: string | undefined,
  region: string,
) {
  new ConstraintCheck()
    .check(
      (commandId ?? '').length === 36,
      commandId,
      'commandId',
      'Member must have length greater than or equal to 36',
    )
    .throwIfAny();
  const command = fleet.commands.get(commandId!);
  const invocation =
    command && command.region === region ? command.invocations.get(instanceId ?? '') : undefined;
  const visibleAt = (command?.requestedDateTime.getTime() ?? 0) + fleet.options.invocationVisibilityMs;
  if (!command || !invocation || fleet.now().getTime() < visibleAt)
    throw ssmError('InvocationDoesNotExist', '');
  return { command, invocation };
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : '');

export function getCommandInvocation(
  fleet: Fleet,
  input: { CommandId?: string; InstanceId?: string; PluginName?: string },
  region: string,
) {
  const { command, invocation: i } = invocationOf(fleet, input.CommandId, input.InstanceId, region);
  if (input.PluginName !== undefined && input.PluginName !== PLUGIN)
    throw ssmError('InvalidPluginName', "The plugin name isn't valid.");
  const elapsed = i.startedAt && i.endedAt ? (i.endedAt.getTime() - i.startedAt.getTime()) / 1000 : 0;
  return {
    CommandId: command.commandId,
    InstanceId: i.instanceId,
    Comment: command.comment,
    DocumentName: command.documentName,
    DocumentVersion: '$DEFAULT',
    PluginName: PLUGIN,
    ResponseCode: i.responseCode,
    ExecutionStartDateTime: iso(i.startedAt),
    ExecutionElapsedTime: i.endedAt ? `PT${elapsed}S` : '',
    ExecutionEndDateTime: iso(i.endedAt),
    Status: i.status,
    StatusDetails: i.status,
    StandardOutputContent: i.stdout.slice(0, OUTPUT_LIMIT),
    StandardOutputUrl: '',
    StandardErrorContent: i.stderr.slice(0, OUTPUT_LIMIT),
    StandardErrorUrl: '',
    CloudWatchOutputConfig: { CloudWatchOutputEnabled: false, CloudWatchLogGroupName: '' },
  };
}

interface ListInput {
  CommandId?: string;
  InstanceId?: string;
  MaxResults?: number;
  NextToken?: string;
  Details?: boolean;
}

export function listCommandInvocations(fleet: Fleet, input: ListInput, region: string) {
  const max = maxResults(input.MaxResults, 1, 50, 50);
  if (input.CommandId && !fleet.commands.has(input.CommandId)) throw ssmError('InvalidCommandId', '');
  const rows: Array<[Command, CommandInvocation]> = [];
  for (const c of fleet.commands.values()) {
    if (c.region !== region || (input.CommandId && c.commandId !== input.CommandId)) continue;
    for (const i of c.invocations.values())
      if (!input.InstanceId || i.instanceId === input.InstanceId) rows.push([c, i]);
  }
  rows.reverse(); // newest first, as SSM lists them
  const { page, nextToken } = paginate(rows, max, input.NextToken, invalidNextToken);
  return {
    CommandInvocations: page.map(([c, i]) => ({
      CommandId: c.commandId,
      InstanceId: i.instanceId,
      InstanceName: fleet.instances.get(i.instanceId)?.hostName ?? '',
      Comment: c.comment,
      DocumentName: c.documentName,
      DocumentVersion: '$DEFAULT',
      RequestedDateTime: epochSeconds(c.requestedDateTime),
      Status: i.status,
      StatusDetails: i.status,
      TraceOutput: '',
      StandardOutputUrl: '',
      StandardErrorUrl: '',
      CommandPlugins: input.Details ? [pluginShape(i)] : [],
      ServiceRole: '',
      NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
      CloudWatchOutputConfig: { CloudWatchOutputEnabled: false, CloudWatchLogGroupName: '' },
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

function pluginShape(i: CommandInvocation) {
  return {
    Name: PLUGIN,
    Status: i.status,
    StatusDetails: i.status,
    ResponseCode: i.responseCode,
    ...(i.startedAt ? { ResponseStartDateTime: epochSeconds(i.startedAt) } : {}),
    ...(i.endedAt ? { ResponseFinishDateTime: epochSeconds(i.endedAt) } : {}),
    // SSM keeps the first 2500 characters of output inline.
    Output: `${i.stdout}${i.stderr ? `\n----------ERROR-------\n${i.stderr}` : ''}`.slice(0, 2500),
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    OutputS3Region: '',
    OutputS3BucketName: '',
    OutputS3KeyPrefix: '',
  };
}
