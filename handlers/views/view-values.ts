import { INPUT_ACTION } from '../../src/blocks/hosts/register-modal';

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

/** The submitted value of one input block (text or select), trimmed; '' when empty or not text. */
export function fieldValue(values: StateValues, block: string): string {
  const input = values[block]?.[INPUT_ACTION];
  const value: unknown = input?.selected_option?.value ?? input?.value;
  return typeof value === 'string' ? value.trim() : '';
}

export type { StateValues };
