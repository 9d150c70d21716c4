import { type MaintenanceWindow, parseWindow } from './maintenance-window';

/** How a problem names each limit: the command's flags, or the upgrade form's fields. */
const NAMES = {
  flags: { maxUnavailable: '--max-unavailable', window: '--window', windowFix: '' },
  form: {
    maxUnavailable: 'Max unavailable',
    window: 'The window',
    windowFix: ' Or leave it empty: any time.',
  },
} as const;

export interface UpgradeLimits {
  /** Nodes out at once; 1 when not given. Meaningful only without a maxUnavailable problem. */
  maxUnavailable: number;
  window?: MaintenanceWindow;
  /** What is wrong with each limit, in words that name it as the user gave it. */
  problems: { maxUnavailable?: string; window?: string };
}

/**
 * A rollout's limits as typed (`--max-unavailable`, `--window`) or filled in (the upgrade form):
 * one reading for both, so the text command and the form accept and refuse the same things.
 */
export function parseUpgradeLimits(
  input: { maxUnavailable?: string; window?: string },
  naming: keyof typeof NAMES,
): UpgradeLimits {
  const names = NAMES[naming];
  const problems: UpgradeLimits['problems'] = {};
  const maxText = input.maxUnavailable?.trim();
  const maxUnavailable = maxText === undefined || maxText === '' ? 1 : Number(maxText);
  if (!Number.isInteger(maxUnavailable) || maxUnavailable < 1) {
    problems.maxUnavailable = `${names.maxUnavailable} ${maxText} is not a whole number of at least 1: say how many nodes may be out at once (1, the default, is the gentlest).`;
  }
  const windowText = input.window?.trim();
  const parsed = windowText ? parseWindow(windowText, names.window) : undefined;
  if (parsed && !parsed.ok) problems.window = `${parsed.problem}${names.windowFix}`;
  return { maxUnavailable, ...(parsed?.ok ? { window: parsed.window } : {}), problems };
}
