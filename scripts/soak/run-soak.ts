import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlackCall } from '../../sim/slack/fake-slack';
import { jobsDrained } from '../../test/support/barriers';
import { type ChaosKind, type FailoverHarness, startChaos } from './chaos';
import {
  alertsResolved,
  answeredOnce,
  type Check,
  changesEnded,
  deliveredOnce,
  type MemorySample,
  memoryKept,
  nodeadmOnce,
  secretsKept,
  ssmOnce,
} from './checks';
import { startDriver } from './driver';
import { soakHosts, startSoakWorld } from './soak-world';

export interface SoakOptions {
  minutes: number;
  /** Chaos off (the driver and the checks alone), or only some kinds of it. */
  chaos?: boolean | ChaosKind[];
  /** Redis behind Sentinel: enables the "failover" chaos action. */
  sentinel?: FailoverHarness;
  /** Progress lines (stderr by default). */
  progress?: (line: string) => void;
}

export interface SoakReport {
  ok: boolean;
  minutes: number;
  checks: Record<string, Check>;
  figures: Record<string, unknown>;
}

// Never killed: they live through the run, so their memory can be compared at its end.
const SPARE = ['web-1', 'worker-1'];

/**
 * `npm run soak -- --minutes N`: 2 web and 3 worker processes, a driver keeping them busy and the
 * chaos schedule for N minutes; then everything settles and the checks run. Its report, as JSON.
 */
export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const say = o.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const w = await startSoakWorld({ env: o.sentinel?.env });
  const startedAt = Date.now();
  say(`soak: ${o.minutes} min; Redis AOF and the processes' log in ${w.dir}`);
  const samples: MemorySample[] = [];
  const sample = () => {
    for (const p of w.processes.all()) {
      samples.push({ at: Date.now(), name: p.name, pid: p.pid(), rssKiB: p.rssKiB() });
    }
  };
  sample();
  const sampler = setInterval(sample, 10_000);
  const driver = startDriver(w, soakHosts());
  let chaos: ReturnType<typeof startChaos> | undefined;
  try {
    await driver.start();
    if (o.chaos !== false) {
      chaos = startChaos(w, {
        minutes: o.minutes,
        spare: SPARE,
        sentinel: o.sentinel,
        ...(Array.isArray(o.chaos) ? { kinds: o.chaos } : {}),
      });
    }
    const endAt = startedAt + o.minutes * 60_000;
    while (Date.now() < endAt) {
      await new Promise((r) => setTimeout(r, Math.min(30_000, Math.max(0, endAt - Date.now()))));
      say(
        `soak: ${Math.round((Date.now() - startedAt) / 1000)} s, ${driver.ledger.requests.length} requests, ${driver.ledger.changes.size} changes, kills ${chaos?.figures.kills ?? 0}`,
      );
    }
    say('soak: chaos ends; waiting for the changes under way and the outbox to settle');
    await chaos?.stop();
    const settled = await driver.stop(Math.max(120_000, o.minutes * 5_000));
    await jobsDrained(w.inspect, 300_000).catch((err: Error) => say(`soak: ${err.message}`));
    await waitForAlertsToResolve(w.slack.calls, say);
    sample();
    clearInterval(sampler);

    const calls = w.slack.calls();
    // Kept with the AOF and the log, for reading a failed check against what Slack saw.
    writeFileSync(join(w.dir, 'slack-calls.json'), JSON.stringify(calls));
    const windowMs = Math.min(5 * 60_000, (o.minutes * 60_000) / 3);
    const checks: Record<string, Check> = {
      answeredOnce: answeredOnce(calls, driver.ledger),
      deliveredOnce: await deliveredOnce(calls, w.inspect),
      changesEnded: await changesEnded(w.inspect),
      nodeadmOncePerHostAndStep: nodeadmOnce(w.sim.control.effects(), driver.ledger),
      ssmOncePerActivation: ssmOnce(w.sim.control.state()),
      alertsOncePerIncident: alertsResolved(calls),
      noActivationCodeLeaked: await secretsKept(w, driver.ledger.activationCodes, calls),
      memory: memoryKept(samples, windowMs, startedAt),
      driverSettled: {
        ok: settled && driver.ledger.errors.length === 0,
        errors: driver.ledger.errors.slice(0, 10),
        stuckHosts: driver.ledger.stuck.slice(0, 10),
      },
    };
    const figures = {
      minutes: Math.round(((Date.now() - startedAt) / 60_000) * 10) / 10,
      commands: driver.ledger.requests.filter((r) => r.kind === 'command').length,
      clicks: driver.ledger.requests.filter((r) => r.kind === 'click').length,
      registrations: driver.ledger.registrations,
      changes: checks.changesEnded?.changes,
      changeStates: checks.changesEnded?.byState,
      steps: checks.changesEnded?.steps,
      nodeadmRuns: checks.nodeadmOncePerHostAndStep?.runs,
      slackCalls: calls.length,
      slackFaultAnswers: calls.filter((c) => c.status !== 200).length,
      kills: chaos?.figures.kills ?? 0,
      failovers: chaos?.figures.failovers ?? 0,
      faultsInjected: chaos
        ? {
            slackOutages: chaos.figures.slackOutages,
            awsFaults: chaos.figures.awsFaults,
            nodesDown: chaos.figures.nodesDown,
            sitesDown: chaos.figures.sitesDown,
          }
        : 'none',
      processStarts: Object.fromEntries(w.processes.all().map((p) => [p.name, p.starts()])),
      logLines: w.logLines(),
      failoverAction: o.sentinel ? 'on' : 'off (no Sentinel harness given)',
      chaosTimeline: chaos?.figures.timeline ?? [],
    };
    return { ok: Object.values(checks).every((c) => c.ok), minutes: o.minutes, checks, figures };
  } finally {
    clearInterval(sampler);
    await chaos?.stop().catch(() => undefined);
    await driver.stop(0).catch(() => undefined);
    await w.stop();
  }
}

/** Alerts clear a sweep or two after their cause: waits until each alert message was resolved (up to 3 min). */
async function waitForAlertsToResolve(calls: () => SlackCall[], say: (line: string) => void): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (alertsResolved(calls()).ok) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  say('soak: some alerts still open after 3 minutes');
}
