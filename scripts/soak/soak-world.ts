import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEMO_SCENARIO_PATH } from '../../sim/scenario/load-scenario';
import type { ScenarioInput } from '../../sim/scenario/schema';
import { type ProcessWorld, startProcessWorld } from '../../test/support/process-world';

/** A host of the soak's world, and the cluster whose pools it may join. */
export interface SoakHost {
  name: string;
  site: string;
  ip: string;
  cluster: string;
}

export const SOAK_CLUSTERS = ['demo', 'gitops', 'retail'] as const;
export const HOSTS_PER_CLUSTER = 20;

/** Each cluster has a site of its own with 20 hosts, inside the remote node networks. */
export function soakHosts(): SoakHost[] {
  return SOAK_CLUSTERS.flatMap((cluster, c) =>
    Array.from({ length: HOSTS_PER_CLUSTER }, (_, i) => ({
      name: `s${c + 1}-edge-${String(i + 1).padStart(2, '0')}`,
      site: `store-${30 + c}`,
      ip: `10.80.${30 + c}.${i + 11}`,
      cluster,
    })),
  );
}

/**
 * The demo world's demo and gitops clusters and a third like demo (retail, its own pod network),
 * 60 hosts, and nodeadm taking a little time, as on a real host.
 */
export function soakScenario(): ScenarioInput {
  const demo = parse(readFileSync(DEMO_SCENARIO_PATH, 'utf8')) as ScenarioInput;
  const [first, second] = demo.clusters ?? [];
  if (!first || !second) throw new Error('the demo scenario has no demo and gitops clusters');
  const third = JSON.parse(JSON.stringify(first).replaceAll('10.85.0.0/16', '10.87.0.0/16')) as typeof first;
  third.name = 'retail';
  third.vpcCidr = '10.3.0.0/16';
  return {
    ...demo,
    sites: SOAK_CLUSTERS.map((_, c) => ({ name: `store-${30 + c}`, cidr: `10.80.${30 + c}.0/24` })),
    clusters: [first, second, third],
    hosts: soakHosts().map((h) => ({
      name: h.name,
      site: h.site,
      ip: h.ip,
      arch: 'amd64' as const,
      os: 'ubuntu-22.04' as const,
    })),
    nodeadmInstallMs: 300,
    nodeadmInitMs: 300,
    nodeadmUpgradeMs: 300,
    nodeadmUninstallMs: 200,
    // CoreDNS's replica count and Cilium's release roll out in seconds, not minutes.
    addonUpdateMs: 500,
  } as ScenarioInput;
}

export const MONITOR = { intervalSeconds: 5, gracePeriodSeconds: 20, repeatIntervalSeconds: 3600 };

export interface SoakWorld extends ProcessWorld {
  /** Where the run keeps Redis's AOF and the processes' log. */
  dir: string;
  logPath: string;
  /** Lines the processes wrote so far. */
  logLines(): number;
}

/**
 * 2 web and 3 worker processes on one Redis (AOF on), the simulator and the fake Slack; `env` over
 * the processes' own. (Sentinel's env points the processes elsewhere, while the checks still read
 * this Redis: wiring them through Sentinel too is left for when Sentinel support lands.)
 */
export async function startSoakWorld(o: { env?: NodeJS.ProcessEnv } = {}): Promise<SoakWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-bot-soak-'));
  const logPath = join(dir, 'bot.log');
  const log = createWriteStream(logPath);
  let lines = 0;
  const world = await startProcessWorld({
    scenario: soakScenario(),
    file: {
      clusters: SOAK_CLUSTERS.map((name) => ({
        name,
        region: 'us-west-2',
        channel: 'C0OPS',
        alertChannel: 'C0ALERTS',
        hybridNodesRole: 'HybridNodesRole',
      })),
      pools: { pollMinMs: 100, pollMaxMs: 1000, drainSkipTerminatingSeconds: 5 },
      monitor: MONITOR,
      cilium: { pollSeconds: 1, waitMinutes: 5 },
    },
    web: 2,
    workers: 3,
    // A killed worker's jobs are taken over after this long.
    lockSeconds: 5,
    redisArgs: [
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--auto-aof-rewrite-percentage',
      '0',
      '--dir',
      dir,
    ],
    nodeReadyDelayMs: 500,
    ...(o.env ? { env: o.env } : {}),
    onLine: (name, line) => {
      lines += 1;
      log.write(`${name} ${line.trimEnd()}\n`);
    },
  });
  return {
    ...world,
    dir,
    logPath,
    logLines: () => lines,
    stop: async () => {
      await world.stop();
      await new Promise<void>((r) => log.end(() => r()));
    },
  };
}
