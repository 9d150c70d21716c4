/** How long an AWS answer waits at most for host scripts to reach their next wait: a stuck script must not stall the API. */
const QUIET_LIMIT_MS = 2000;

/**
 * The host scripts running now and not waiting on the simulator's clock. A script resumes
 * asynchronously once the clock passes its wait, so an AWS answer that moved past a command's end
 * waits for the scripts to settle: the command's outcome then shows in that very answer.
 */
export class RunningScripts {
  private awake = 0;
  private waiters: Array<() => void> = [];

  /** A script starts, or wakes from a wait. */
  wake(): void {
    this.awake++;
  }

  /** A script ends, or starts waiting on the simulator's clock. */
  sleep(): void {
    this.awake = Math.max(0, this.awake - 1);
    if (this.awake === 0) for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once no script is running between two waits. */
  quiet(): Promise<void> {
    if (this.awake === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, QUIET_LIMIT_MS);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
