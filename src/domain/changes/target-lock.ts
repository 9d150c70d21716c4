import { type ChangeTarget, describeTarget } from './planner';

/** Who holds a target: one change at a time, with an owner and an expiry. */
export interface TargetLock {
  target: ChangeTarget;
  changeId: string;
  requester: string;
  /** Epoch milliseconds. */
  since: number;
}

export function elapsedWords(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** What a person is told when their change collides with one already holding the target. */
export function lockCollisionMessage(lock: TargetLock, now: number): string {
  return (
    `${describeTarget(lock.target)} is being changed by change ${lock.changeId}, started by <@${lock.requester}> ` +
    `${elapsedWords(now - lock.since)} ago. Wait for it to finish, or see it with \`/hybrid change show ${lock.changeId}\`.`
  );
}
