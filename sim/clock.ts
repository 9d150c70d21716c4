/** The simulator's notion of now; tests pass their own to move time (activation expiry, token age). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
