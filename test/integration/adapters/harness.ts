import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type ScenarioInput, type SimulatorOptions, startSimulator } from '../../../sim';
import { type CloudClientsOptions, createCloudClients } from '../../../src/adapters/aws/cloud-clients';
import type { CloudClients } from '../../../src/cloud-ports';
import { BotError } from '../../../src/errors';

export const REGION = 'us-west-2';
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
export const DEMO = { name: 'demo', region: REGION };

export type Sim = Awaited<ReturnType<typeof startSimulator>>;

/** The demo scenario with changes, for what the default one does not have. */
export function demoScenario(changes: Partial<ScenarioInput> = {}): ScenarioInput {
  const demo = parse(readFileSync(`${__dirname}/../../../sim/scenarios/demo.yaml`, 'utf8')) as ScenarioInput;
  return { ...demo, ...changes };
}

/** A simulator and the bot's cloud clients pointed at it, through the real SDKs. */
export async function startAdapters(
  simOptions: SimulatorOptions = {},
  clientOptions: CloudClientsOptions = {},
): Promise<{ sim: Sim; clients: CloudClients; close(): Promise<void> }> {
  const sim = await startSimulator({ port: 0, ...simOptions });
  const clients = createCloudClients({
    endpoint: sim.awsEndpoint,
    credentials: TEST_CREDENTIALS,
    ...clientOptions,
  });
  return {
    sim,
    clients,
    close: async () => {
      clients.close();
      await sim.close();
    },
  };
}

/** The BotError a promise rejects with. */
export async function botError(p: Promise<unknown>): Promise<BotError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof BotError) return err;
    throw new Error(`expected a BotError, got ${String(err)}`);
  }
  throw new Error('expected the call to fail');
}
