import type { Fleet } from '../fleet';

interface Deadline {
  at: number;
  hit: boolean;
  abort: AbortController;
}

/**
 * Time as one host script sees it. In a timed run (Run Command) a wait takes its length on the
 * simulator's clock, and a `timeout` around the command cuts it short; an operator's console run
 * takes no time. While a script waits, the fleet counts it as asleep (see RunningScripts).
 */
export class ScriptClock {
  private readonly deadlines: Deadline[] = [];

  constructor(
    private readonly fleet: Fleet,
    readonly timed: boolean,
  ) {}

  /** Waits `ms` on the simulator's clock; false when an enclosing `timeout` ran out first (the command is killed). */
  async wait(ms: number): Promise<boolean> {
    if (!this.timed || ms <= 0) return true;
    const end = this.fleet.now().getTime() + ms;
    const open = this.deadlines.filter((d) => !d.hit);
    const cut = open.reduce<Deadline | undefined>((a, d) => (!a || d.at < a.at ? d : a), undefined);
    const until = cut && cut.at < end ? cut.at : end;
    this.fleet.scripts.sleep();
    await new Promise<void>((resolve) =>
      this.fleet.atSimTime(until, () => {
        this.fleet.scripts.wake();
        resolve();
      }),
    );
    if (until === end) return true;
    for (const d of open)
      if (d.at <= until) {
        d.hit = true;
        d.abort.abort();
      }
    return false;
  }

  /** Runs `body` under a deadline `seconds` away; `timedOut` when a wait inside it reached the deadline. */
  async within<T>(
    seconds: number,
    body: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ result: T; timedOut: boolean }> {
    const d: Deadline = {
      at: this.fleet.now().getTime() + seconds * 1000,
      hit: false,
      abort: new AbortController(),
    };
    this.deadlines.push(d);
    try {
      const result = await body(d.abort.signal);
      return { result, timedOut: d.hit };
    } finally {
      this.deadlines.splice(this.deadlines.indexOf(d), 1);
    }
  }
}
