import { INPUT_ACTION } from '../../src/blocks/hosts/register-modal';

type StateValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[] | null;
    }
  >
>;

/** The submitted value of one input block (text or select), trimmed; '' when empty or not text. */
export function fieldValue(values: StateValues, block: string): string {
  const input = values[block]?.[INPUT_ACTION];
  const value: unknown = input?.selected_option?.value ?? input?.value;
  return typeof value === 'string' ? value.trim() : '';
}

/** Whether a checkboxes input has the option with this value ticked. */
export function isChecked(values: StateValues, block: string, optionValue: string): boolean {
  const selected = values[block]?.[INPUT_ACTION]?.selected_options ?? [];
  return selected.some((o) => o.value === optionValue);
}

export type { StateValues };
