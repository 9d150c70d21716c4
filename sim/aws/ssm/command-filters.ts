import type { Command } from '../../fleet/types';
import { ssmError } from './ssm-errors';

/** ListCommands' and ListCommandInvocations' Filters, as SSM reads them. */
export interface CommandFilter {
  key?: string;
  value?: string;
}

const KEYS = ['InvokedAfter', 'InvokedBefore', 'Status', 'ExecutionStage', 'DocumentName'];

/**
 * Which commands the filters keep: InvokedAfter and InvokedBefore bound the request time (ISO 8601,
 * e.g. 2024-07-07T00:00:00Z, inclusive), DocumentName names the document. Status is left to the
 * caller (it is a command's status for ListCommands, an invocation's for ListCommandInvocations).
 */
export function commandFilter(filters: CommandFilter[] | undefined): (c: Command) => boolean {
  let after = Number.NEGATIVE_INFINITY;
  let before = Number.POSITIVE_INFINITY;
  let document: string | undefined;
  for (const f of filters ?? []) {
    if (!f.key || !KEYS.includes(f.key)) {
      throw ssmError('InvalidFilterKey', `The specified key ${f.key ?? ''} isn't valid.`);
    }
    if (f.key === 'InvokedAfter' || f.key === 'InvokedBefore') {
      const at = Date.parse(f.value ?? '');
      if (!Number.isFinite(at))
        throw ssmError('InvalidFilterValue', `The filter value ${f.value} isn't valid.`);
      if (f.key === 'InvokedAfter') after = Math.max(after, at);
      else before = Math.min(before, at);
    }
    if (f.key === 'DocumentName') document = f.value;
  }
  return (c) => {
    const at = c.requestedDateTime.getTime();
    return at >= after && at <= before && (document === undefined || c.documentName === document);
  };
}

/** The Status filter's value, if any. */
export function statusFilter(filters: CommandFilter[] | undefined): string | undefined {
  return filters?.find((f) => f.key === 'Status')?.value;
}
