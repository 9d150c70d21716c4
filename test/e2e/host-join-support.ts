import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createCloudClients } from '../../src/adapters/aws/cloud-clients';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { KEY_PREFIX } from '../../src/adapters/redis/connection';
import type { KubeNode } from '../../src/cloud-ports';
import { monitorSweeps } from '../support/barriers';
import { IAM_RA_CLUSTER, nodeConfigIn } from '../support/hosts-support';
import { bootstrapScript } from '../support/pool-support';
import type { TestBot } from '../support/test-bot';
import { until } from '../support/until';

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);

/** Registers a host with `/hybrid host register --join` (to join at once) and returns the NodeConfig the requester was given. */
export async function registerHost(t: TestBot, name: string, args: string): Promise<string> {
  await t.command(`host register ${name} --cluster demo ${args} --join`);
  const bootstrap = await t.waitForCall(
    (c) => text(c).includes(`Bootstrap ${name}`) && text(c).includes('NODECONFIG_EOF'),
    20_000,
  );
  const nodeConfig = nodeConfigIn(text(bootstrap));
  if (!nodeConfig) throw new Error(`no NodeConfig for ${name}`);
  return nodeConfig;
}

/**
 * Registers a host with `--join` and runs, at the host as root, the bootstrap exactly as the
 * requester was sent it (files where it puts them); returns the node's name.
 */
export async function joinAtHost(t: TestBot, name: string, args: string): Promise<string> {
  await t.command(`host register ${name} --cluster demo ${args} --join`);
  const sent = await t.waitForCall(
    (c) => text(c).includes(`Bootstrap ${name}`) && text(c).includes('NODECONFIG_EOF'),
    20_000,
  );
  const ran = await t.sim.control.runOnHost(name, bootstrapScript(sent));
  if (ran.exitCode !== 0 || !ran.nodeName) throw new Error(`${name} did not join: ${ran.stderr}`);
  return ran.nodeName;
}

/** Runs `nodeadm install` and `nodeadm init` with that NodeConfig on the simulated host; returns the node name. */
export function bootstrap(t: TestBot, host: string, nodeConfig: string): string {
  const result = t.sim.control.bootstrapHost(host, { nodeConfig, kubernetesVersion: '1.31' });
  if (!result.nodeName) throw new Error(`${host} did not join`);
  return result.nodeName;
}

/** The node as the cluster's Kubernetes API returns it (the real client, over HTTP to the simulator). */
export async function readNode(t: TestBot, name: string): Promise<KubeNode | undefined> {
  const cloud = createCloudClients({
    endpoint: t.sim.awsEndpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    env: { AWS_ENDPOINT_URL: t.sim.awsEndpoint },
  });
  try {
    return await cloud.forCluster({ ...IAM_RA_CLUSTER, region: 'us-west-2' }).kube.getNode(name);
  } finally {
    cloud.close();
  }
}

/**
 * The bot's background queue (watchers, monitors, the periodic reconcile), from outside. Pausing it
 * stands for workers busy elsewhere: it lets a test make `hosts --refresh` learn of a change first.
 */
export function backgroundQueue(t: TestBot) {
  const connection = new Redis(t.redis.url, { maxRetriesPerRequest: null });
  const background = new Queue(QUEUE_NAMES.background, { connection, prefix: KEY_PREFIX });
  const outbox = new Queue(QUEUE_NAMES.outbox, { connection, prefix: KEY_PREFIX });
  return {
    background,
    /** Pauses it and waits until no background job is running. */
    pause: async () => {
      await background.pause();
      // A job already running finishes first; on a loaded machine that can take a while.
      await until('no background job running', async () => (await background.getActiveCount()) === 0, 60_000);
    },
    resume: () => background.resume(),
    /** Waits until a watch of this host finished with that outcome and the outbox sent everything. */
    watchEnded: async (host: string, outcome: string) => {
      await until(`a watch of ${host} that ended ${outcome}`, async () => {
        const done = await background.getJobs(['completed']);
        return done.some(
          (j) => j.name === 'host-watch' && j.data.host === host && j.returnvalue?.outcome === outcome,
        );
      });
      await until('the outbox drained', async () => {
        const counts = await outbox.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      });
    },
    /** Waits until the monitor evaluated the cluster `count` more times (any duplicate alert is out by then). */
    monitorRuns: (count: number) => monitorSweeps(connection, 'demo', count),
    close: async () => {
      await background.close();
      await outbox.close();
      connection.disconnect();
    },
  };
}
