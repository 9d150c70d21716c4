import type { ScenarioInput } from '../../sim/scenario/schema';
import { ChangeStore } from '../../src/adapters/redis/change-store';
import { buttonClick, buttonsIn, hostsFile } from './hosts-support';
import { startTestBot, type TestBot } from './test-bot';
import { until as untilShared } from './until';
import { startWorkerFleet, workerEnv } from './worker-process';

type Fleet = Awaited<ReturnType<typeof startWorkerFleet>>;

const stores = new WeakMap<TestBot, ChangeStore>();

/** The bot's change store on the test's own connection, opened once per bot. */
export function changesOf(t: TestBot): ChangeStore {
  const store = stores.get(t) ?? new ChangeStore(t.inspect);
  stores.set(t, store);
  return store;
}

/** True once every change the bot has recorded is done. */
export async function allChangesDone(t: TestBot): Promise<boolean> {
  return (await changesOf(t).list(1000)).every((c) => c.state === 'done');
}

/**
 * A pool crash test's world: the bot's web side in the test, its jobs in `hybrid-bot worker`
 * processes the test kills, which give up a dead worker's job after `lockSeconds`.
 */
export async function startCrashWorld(
  scenario: ScenarioInput,
  lockSeconds: number,
  opts: { nodeReadyDelayMs?: number } = {},
): Promise<{ t: TestBot; workers: Fleet }> {
  const t = await startTestBot({
    scenario,
    file: hostsFile({ pools: { pollMinMs: 100, pollMaxMs: 400 } }),
    mode: 'web',
    ...opts,
  });
  return { t, workers: await startWorkerFleet(workerEnv(t.config, t.sim.awsEndpoint, lockSeconds)) };
}

export async function stopCrashWorld(t: TestBot | undefined, workers: Fleet | undefined): Promise<void> {
  await workers?.stop();
  await t?.stop();
}

/** What the crash tests of changes share: waiting on the store, and killing the worker mid-step. */
/** Both are read when used: a test file starts them in beforeAll. */
export function changeCrashes(bot: () => TestBot, workers: () => Fleet) {
  /** Waits for the store to show `what`; on a timeout, says what the workers logged last. */
  const until = <T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs: number,
    seen: () => string = () => '',
  ) =>
    untilShared(what, probe, {
      timeoutMs,
      detail: () => [seen(), ...workers().log.slice(-20)].filter(Boolean).join('\n'),
    });

  const changeState = async (id: string) => (await changesOf(bot()).get(id))?.state ?? '';

  const journal = (id: string) => changesOf(bot()).steps(id);

  /** Where the i-th of `kills` kills may come: a random point of the i-th equal share of the steps. */
  const spreadOver = (steps: number, kills: number) =>
    Array.from({ length: kills }, (_, i) => Math.floor(((i + Math.random()) * steps) / kills));

  /**
   * Kills the worker with -9 while a step of the change runs, after a random delay up to
   * `maxDelayMs`, `kills` times (or until the change is done), then waits for the change to end.
   * With `spread`, the kills wait for the change to get on (the i-th once about i/kills of its steps
   * are done); without it, each follows the last as soon as a step runs again, so most of them
   * strike the change's first steps.
   */
  async function killDuring(
    id: string,
    o: { kills: number; maxDelayMs: number; endWithinMs: number; spread?: boolean },
  ): Promise<{ kills: number; killedAt: string[] }> {
    const killedAt: string[] = [];
    const after = o.spread
      ? spreadOver(
          await until(
            "the change's steps",
            async () => {
              const steps = (await journal(id)).length;
              return steps > 0 ? steps : undefined;
            },
            60_000,
          ),
          o.kills,
        )
      : [];
    while (killedAt.length < o.kills) {
      const doneAtLeast = after[killedAt.length] ?? 0;
      // What the last look found, for a wait that times out: the change's state and its steps'.
      let seen = '';
      const point = await until(
        'a step to kill',
        async () => {
          const state = await changeState(id);
          if (state === 'done') return 'done';
          const steps = await journal(id);
          seen = `change ${id} ${state}, ${doneAtLeast}+ steps done wanted; steps: ${steps.map((s) => `${s.key}=${s.state}`).join(' ')}`;
          if (steps.filter((s) => s.state === 'done').length < doneAtLeast) return undefined;
          const running = steps.filter((s) => s.state === 'running').map((s) => s.key);
          return running.length > 0 ? running.join(',') : undefined;
        },
        120_000,
        () => seen,
      );
      if (point === 'done') break;
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * o.maxDelayMs)));
      await workers().crashAndReplace();
      killedAt.push(point);
    }
    await until(
      'the change to end',
      async () => ((await changeState(id)) === 'done' ? true : undefined),
      o.endWithinMs,
    );
    return { kills: killedAt.length, killedAt };
  }

  /** Approves, as the approver, the change whose request in the channel names `title`; its ID. */
  async function approveRequest(title: string): Promise<string> {
    const t = bot();
    const request = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes(title),
      60_000,
    );
    const [approve] = buttonsIn(request.args);
    const { id } = JSON.parse(String((approve as { value: string }).value)) as { id: string };
    await t.interaction(
      buttonClick('U0APPROVER', approve as never, { messageTs: '1.1', responseUrl: t.slack.responseUrl() }),
    );
    return id;
  }

  return { until, changeState, killDuring, approveRequest };
}
