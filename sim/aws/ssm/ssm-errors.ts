import { AwsError } from '../aws-error';

export const ssmError = (code: string, message: string, status = 400) => new AwsError(code, message, status);

/** Collects model-constraint failures and throws them as one ValidationException, worded as AWS does. */
export class ConstraintCheck {
  private readonly problems: string[] = [];

  check(ok: boolean, value: unknown, member: string, constraint: string): this {
    if (!ok) {
      const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
      this.problems.push(`Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
    }
    return this;
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const n = this.problems.length;
    throw ssmError(
      'ValidationException',
      `${n} validation error${n > 1 ? 's' : ''} detected: ${this.problems.join('; ')}`,
    );
  }
}

/** SSM list operations' MaxResults, within the operation's bounds. */
export function maxResults(value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  new ConstraintCheck()
    .check(
      Number(value) >= min,
      value,
      'maxResults',
      `Member must have value greater than or equal to ${min}`,
    )
    .check(Number(value) <= max, value, 'maxResults', `Member must have value less than or equal to ${max}`)
    .throwIfAny();
  return Number(value);
}

export const invalidNextToken = () => ssmError('InvalidNextToken', "The specified token isn't valid.");
