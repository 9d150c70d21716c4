import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEMO_SCENARIO_PATH } from '../../sim/scenario/load-scenario';
import type { ScenarioInput } from '../../sim/scenario/schema';
import { kubeGet, kubeRequest } from '../sim/kube-reader';
import { readHost } from '../support/host-records';
import { buttonClick, buttonsIn, hostsFile, nodeConfigIn, secretsIn } from '../support/hosts-support';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

/** The demo world with a point-of-sale app on hybrid nodes whose budget allows no disruption. */
function scenarioWithStrictBudget(): ScenarioInput {
  const demo = parse(readFileSync(DEMO_SCENARIO_PATH, 'utf8')) as ScenarioInput;
  for (const cluster of demo.clusters ?? []) {
    if (cluster.name === 'demo') {
      cluster.apps = [
        { name: 'pos', namespace: 'store', replicas: 1, placement: 'hybrid', maxUnavailable: 0 },
      ];
    }
  }
  return demo;
}

let t: TestBot;
beforeAll(async () => {
  // A refused eviction pauses the change at once (drainBlockedMinutes 0): these tests are about the pause.
  t = await startTestBot({
    file: hostsFile({ pools: { drainBlockedMinutes: 0 } }),
    scenario: scenarioWithStrictBudget(),
  });
});
afterAll(async () => {
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);

async function registerAndJoin(name: string, ip: string, arch = 'amd64'): Promise<string> {
  await t.command(`host register ${name} --cluster demo --site store-12 --ip ${ip} --arch ${arch} --join`);
  const secret = await t.waitForCall(
    (c) => c.kind === 'response_url' && text(c).includes(`Bootstrap ${name}`),
  );
  const body = text(secret);
  const { managedInstanceId } = t.sim.control.bootstrapHost(name, {
    ...secretsIn(body),
    nodeConfig: nodeConfigIn(body) ?? '',
    kubernetesVersion: '1.31',
  });
  await t.waitForCall((c) => text(c).includes(`${name}* registered as`), 20_000);
  return managedInstanceId ?? '';
}

/** Asks to deregister and has the approver approve; returns the change's buttons' message. */
async function deregisterApproved(name: string) {
  t.slack.clear();
  await t.command(`host deregister ${name}`);
  const request = await t.waitForCall(
    (c) => c.method === 'chat.postMessage' && text(c).includes(`Deregister host ${name}`),
  );
  const [approve] = buttonsIn(request.args);
  await click('U0APPROVER', approve);
}

const click = (user: string, button: unknown) =>
  t.interaction(
    buttonClick(user, button as never, {
      messageTs: '1700000002.000400',
      responseUrl: t.slack.responseUrl(),
    }),
  );

async function setBudget(maxUnavailable: number) {
  const list = await kubeGet(t.sim, 'demo', '/apis/policy/v1/namespaces/store/poddisruptionbudgets');
  for (const pdb of list.items) {
    await kubeRequest(
      t.sim,
      'demo',
      'PUT',
      `/apis/policy/v1/namespaces/store/poddisruptionbudgets/${pdb.metadata.name}`,
      {
        ...pdb,
        spec: { ...pdb.spec, maxUnavailable },
      },
    );
  }
}

const nodeOf = (name: string) => t.sim.control.state().nodes.find((n: { name: string }) => n.name === name);
const cordoned = async (name: string) =>
  (await kubeGet(t.sim, 'demo', `/api/v1/nodes/${name}`)).spec?.unschedulable === true;
const podsOn = async (name: string) =>
  (await kubeGet(t.sim, 'demo', `/api/v1/pods?fieldSelector=spec.nodeName%3D${name}`)).items;

const managed = (id: string) =>
  t.sim.control.state().managedInstances.some((i: { instanceId: string }) => i.instanceId === id);

it('a PodDisruptionBudget pauses the drain and names the pod; Retry after the budget is relaxed completes it', async () => {
  const instanceId = await registerAndJoin('store12-edge-04', '10.80.1.14', 'arm64');
  await deregisterApproved('store12-edge-04');
  const paused = await t.waitForCall(
    (c) => c.method === 'chat.update' && text(c).includes('*Paused*') && text(c).includes('Drain node'),
    20_000,
  );
  expect(text(paused)).toContain('store/pos-');
  expect(buttonsIn(paused.args).map((b) => (b as { text: { text: string } }).text.text)).toEqual([
    'Retry step',
    'Abort',
  ]);
  // The requester hears of it in the change's thread, once.
  await t.waitForCall(
    (c) => c.method === 'chat.postMessage' && text(c).includes('<@U0OPERATOR> *Drain node'),
  );
  expect(managed(instanceId)).toBe(true);
  expect(await cordoned(instanceId)).toBe(true);

  // An operator may not retry; an approver may, once the budget allows it.
  const [retry] = buttonsIn(paused.args);
  await click('U0OPERATOR', retry);
  await t.waitForCall(
    (c) => c.kind === 'response_url' && text(c).includes('Only people with the approver role can do that'),
  );
  await setBudget(1);
  await click('U0APPROVER', retry);
  await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('*Done*'), 30_000);
  expect(managed(instanceId)).toBe(false);
  expect(nodeOf(instanceId)).toBeUndefined();
  const record = await readHost(t.inspect, 'store12-edge-04');
  expect(record.status).toBe('deregistered');
}, 90_000);

it('Abort stops the change where it is: the node stays cordoned and the message says so', async () => {
  await setBudget(0);
  const instanceId = await registerAndJoin('store12-edge-02', '10.80.1.12');
  await until('a store pod on the node', async () =>
    (await podsOn(instanceId)).some(
      (p: { metadata: { namespace: string } }) => p.metadata.namespace === 'store',
    ),
  );
  await deregisterApproved('store12-edge-02');
  const paused = await t.waitForCall(
    (c) => c.method === 'chat.update' && text(c).includes('*Paused*'),
    20_000,
  );
  const abort = buttonsIn(paused.args).find((b) => (b as { text: { text: string } }).text.text === 'Abort');
  await click('U0APPROVER', abort);
  const aborted = await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('*Aborted*'));
  expect(buttonsIn(aborted.args)).toEqual([]);
  await t.waitForCall(
    (c) => c.method === 'chat.postMessage' && text(c).includes(`Node \`${instanceId}\` stays cordoned`),
  );
  expect(await cordoned(instanceId)).toBe(true);
  expect(managed(instanceId)).toBe(true);
  const record = await readHost(t.inspect, 'store12-edge-02');
  expect(record.status).not.toBe('deregistered');
}, 90_000);
