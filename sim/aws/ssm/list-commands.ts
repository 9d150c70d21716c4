import type { Fleet } from '../../fleet/fleet';
import type { Command } from '../../fleet/types';
import { paginate } from '../pagination';
import { commandShape } from './send-command';
import { invalidNextToken, maxResults, ssmError } from './ssm-errors';

interface ListInput {
  CommandId?: string;
  InstanceId?: string;
  MaxResults?: number;
  NextToken?: string;
  Filters?: Array<{ key?: string; value?: string }>;
}

/**
 * ListCommands as SSM answers it: every command with its Parameters (which is why a secret must
 * never travel in them), newest first, filtered by command or instance, paged by 50 at most.
 */
export function listCommands(fleet: Fleet, input: ListInput, region: string) {
  const max = maxResults(input.MaxResults, 1, 50, 50);
  if (input.CommandId && !fleet.commands.has(input.CommandId)) throw ssmError('InvalidCommandId', '');
  if (input.CommandId && input.InstanceId) {
    throw ssmError('InvalidParameters', 'Specify either CommandId or InstanceId, not both.');
  }
  const statusFilter = input.Filters?.find((f) => f.key === 'Status')?.value;
  const rows: Command[] = [];
  for (const c of fleet.commands.values()) {
    if (c.region !== region) continue;
    if (input.CommandId && c.commandId !== input.CommandId) continue;
    if (input.InstanceId && !c.instanceIds.includes(input.InstanceId)) continue;
    rows.push(c);
  }
  rows.reverse(); // newest first
  const shaped = rows.map(commandShape).filter((c) => !statusFilter || c.Status === statusFilter);
  const { page, nextToken } = paginate(shaped, max, input.NextToken, invalidNextToken);
  return { Commands: page, ...(nextToken ? { NextToken: nextToken } : {}) };
}
