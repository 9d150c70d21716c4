/** A daily maintenance window in UTC, `HH:MM-HH:MM`; it may run past midnight (22:00-04:00). */
export interface MaintenanceWindow {
  startMinute: number;
  endMinute: number;
  text: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `label` names the input in a problem: the command's flag, or a form field's name. */
export function parseWindow(
  text: string,
  label = '--window',
): { ok: true; window: MaintenanceWindow } | { ok: false; problem: string } {
  const [start = '', end = '', ...rest] = text.trim().split('-');
  const s = HHMM.exec(start);
  const e = HHMM.exec(end);
  if (!s || !e || rest.length > 0) {
    return { ok: false, problem: `${label} ${text} is not HH:MM-HH:MM (UTC, 24-hour), e.g. 22:00-04:00.` };
  }
  const startMinute = Number(s[1]) * 60 + Number(s[2]);
  const endMinute = Number(e[1]) * 60 + Number(e[2]);
  if (startMinute === endMinute)
    return { ok: false, problem: `${label} ${text} is empty: start and end are the same.` };
  return { ok: true, window: { startMinute, endMinute, text: `${start}-${end} UTC` } };
}

const DAY = 24 * 60;
const minuteOfDay = (ms: number) => Math.floor((ms % (DAY * 60_000)) / 60_000);

export function inWindow(nowMs: number, w: MaintenanceWindow): boolean {
  const m = minuteOfDay(nowMs);
  return w.startMinute < w.endMinute
    ? m >= w.startMinute && m < w.endMinute
    : m >= w.startMinute || m < w.endMinute;
}

/** When the window next opens (now, if it is open). */
export function nextOpening(nowMs: number, w: MaintenanceWindow): number {
  if (inWindow(nowMs, w)) return nowMs;
  const m = minuteOfDay(nowMs);
  const ahead = (w.startMinute - m + DAY) % DAY;
  const startOfMinute = nowMs - (nowMs % 60_000);
  return startOfMinute + ahead * 60_000;
}
