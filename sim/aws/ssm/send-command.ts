import { commandStatus, sendCommand as send } from '../../fleet/commands';
import type { Fleet } from '../../fleet/fleet';
import type { Command } from '../../fleet/types';
import { epochSeconds } from '../pagination';
import { ConstraintCheck, ssmError } from './ssm-errors';

export const DOCUMENT = 'AWS-RunShellScript';

interface SendInput {
  DocumentName?: string;
  InstanceIds?: string[];
  Targets?: Array<{ Key?: string; Values?: string[] }>;
  Parameters?: Record<string, string[]>;
  Comment?: string;
  TimeoutSeconds?: number;
}

export function sendCommand(fleet: Fleet, input: SendInput, region: string) {
  const ids = [...(input.InstanceIds ?? []), ...targetIds(fleet, input, region)];
  new ConstraintCheck()
    .check(
      ids.length <= 50,
      `[${ids.join(', ')}]`,
      'instanceIds',
      'Member must have length less than or equal to 50',
    )
    .check(
      (input.Comment ?? '').length <= 100,
      input.Comment,
      'comment',
      'Member must have length less than or equal to 100',
    )
    .throwIfAny();
  const document = input.DocumentName?.split('/').pop();
  if (document !== DOCUMENT)
    throw ssmError('InvalidDocument', `Document ${input.DocumentName ?? ''} does not exist.`);
  const parameters = input.Parameters ?? {};
  const unknown = Object.keys(parameters).filter(
    (k) => !['commands', 'workingDirectory', 'executionTimeout'].includes(k),
  );
  if (!parameters.commands?.length || unknown.length > 0) {
    throw ssmError(
      'InvalidParameters',
      `document ${DOCUMENT} does not support parameters ${unknown.join(', ') || 'without commands'}.`,
    );
  }
  if (ids.length === 0) throw ssmError('InvalidInstanceId', 'No InstanceIds or Targets were specified.');
  if (new Set(ids).size !== ids.length)
    throw ssmError(
      'DuplicateInstanceId',
      "You can't specify a managed node ID in more than one association.",
    );
  const offline = ids.filter((id) => {
    const i = fleet.instances.get(id);
    return !i || i.region !== region || i.pingStatus !== 'Online';
  });
  if (offline.length > 0) {
    throw ssmError(
      'InvalidInstanceId',
      `Instances [[${offline.join(', ')}]] not in a valid state for account ${fleet.account}`,
    );
  }
  const command = send(fleet, {
    region,
    documentName: DOCUMENT,
    instanceIds: ids,
    parameters,
    comment: input.Comment ?? '',
    timeoutSeconds: input.TimeoutSeconds ?? 3600,
  });
  const script = (parameters.commands ?? []).join('; ').slice(0, 120);
  for (const id of ids) {
    fleet.effects.count(fleet.instances.get(id)?.hostName ?? id, `SendCommand ${DOCUMENT}: ${script}`);
  }
  return { Command: commandShape(command) };
}

function targetIds(fleet: Fleet, input: SendInput, region: string): string[] {
  const ids: string[] = [];
  for (const t of input.Targets ?? []) {
    const key = t.Key ?? '';
    const values = t.Values ?? [];
    if (key === 'InstanceIds') ids.push(...values);
    else if (key.startsWith('tag:')) {
      for (const i of fleet.instances.values()) {
        if (i.region === region && values.includes(i.tags.get(key.slice(4)) ?? '\u0000'))
          ids.push(i.instanceId);
      }
    } else throw ssmError('InvalidTarget', `Target key ${key} isn't supported.`);
  }
  return ids;
}

export function commandShape(c: Command) {
  const invocations = [...c.invocations.values()];
  const done = invocations.filter((i) => i.endedAt).length;
  return {
    CommandId: c.commandId,
    DocumentName: c.documentName,
    DocumentVersion: '$DEFAULT',
    Comment: c.comment,
    ExpiresAfter: epochSeconds(new Date(c.requestedDateTime.getTime() + (c.timeoutSeconds + 3600) * 1000)),
    Parameters: c.parameters,
    InstanceIds: c.instanceIds,
    Targets: [],
    RequestedDateTime: epochSeconds(c.requestedDateTime),
    Status: commandStatus(c),
    StatusDetails: commandStatus(c),
    OutputS3Region: c.region,
    MaxConcurrency: '50',
    MaxErrors: '0',
    TargetCount: invocations.length,
    CompletedCount: done,
    ErrorCount: invocations.filter((i) => i.status === 'Failed').length,
    DeliveryTimedOutCount: 0,
    ServiceRole: '',
    NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
    CloudWatchOutputConfig: { CloudWatchOutputEnabled: false, CloudWatchLogGroupName: '' },
    TimeoutSeconds: c.timeoutSeconds,
    TriggeredAlarms: [],
  };
}
