import { type Clock, systemClock } from './clock';
import { type RunningConsole, startConsole } from './console/console-server';
import { controlHttp } from './control/control-http';
import { controlMethods, type SimulatorControl } from './control/control-methods';
import { writeKubeconfig } from './kubeconfig';
import { loadScenario } from './scenario/load-scenario';
import type { ScenarioInput } from './scenario/schema';
import { Simulator } from './simulator';

export type { Clock } from './clock';
export type { RunningConsole } from './console/console-server';
export type { SimulatorControl } from './control/control-methods';
export type { ScenarioInput } from './scenario/schema';

export interface SimulatorOptions {
  /** AWS endpoint port; 0 picks a free one. Default 4566. */
  port?: number;
  host?: string;
  /** A scenario YAML path or object; default sim/scenarios/demo.yaml. */
  scenario?: string | ScenarioInput;
  kubeconfigPath?: string;
  slackPort?: number;
  nodeReadyDelayMs?: number;
  clock?: Clock;
}

export interface RunningSimulator {
  awsEndpoint: string;
  /** SLACK_API_URL for the bot, ending in /api/. */
  slackApiUrl: string;
  clusters: Record<string, { kubeEndpoint: string; caPem: string; region: string }>;
  control: SimulatorControl;
  /** The sandbox console on the fake Slack: a Slack-like page that acts towards the bot at botUrl. */
  startConsole(o: { botUrl: string; signingSecret: string; port?: number }): Promise<RunningConsole>;
  close(): Promise<void>;
}

/** Starts the AWS endpoint, one Kubernetes API server per cluster and the fake Slack, from a scenario. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const scenario = loadScenario(options.scenario);
  const sim = new Simulator({
    scenario,
    clock: options.clock ?? systemClock,
    host,
    nodeReadyDelayMs: options.nodeReadyDelayMs,
  });
  const control = controlMethods(sim);
  try {
    await sim.start({
      port: options.port ?? 4566,
      slackPort: options.slackPort,
      control: controlHttp(control),
    });
  } catch (e) {
    await sim.close();
    throw e;
  }
  const clusters = () =>
    Object.fromEntries(
      [...sim.fleet.clusters.values()].map((c) => [
        c.name,
        { kubeEndpoint: c.endpoint, caPem: sim.fleet.options.caPem, region: c.region },
      ]),
    );
  if (options.kubeconfigPath) {
    writeKubeconfig(
      options.kubeconfigPath,
      Object.entries(clusters()).map(([name, c]) => ({
        name,
        region: c.region,
        endpoint: c.kubeEndpoint,
        caPem: c.caPem,
      })),
      scenario.credentials[0],
    );
  }
  return {
    awsEndpoint: sim.aws!.url,
    slackApiUrl: sim.slack!.url,
    get clusters() {
      return clusters();
    },
    control,
    startConsole: (o) =>
      startConsole({
        slack: sim.slack!,
        simUrl: sim.aws!.url,
        host,
        port: o.port,
        bot: { botUrl: o.botUrl, signingSecret: o.signingSecret },
      }),
    close: () => sim.close(),
  };
}
