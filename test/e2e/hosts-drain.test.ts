import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEMO_SCENARIO_PATH } from '../../sim/scenario/load-scenario';
import type { ScenarioInput } from '../../sim/scenario/schema';
import { startTestBot, type TestBot } from '../support/test-bot';
import { buttonClick, buttonsIn, hostsFile, secretsIn } from './hosts-support';

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
  t = await startTestBot({ file: hostsFile(), scenario: scenarioWithStrictBudget() });
});
afterAll(async () => {
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);

it('stops a deregistration whose drain a PodDisruptionBudget blocks, names the pod, and deregisters nothing', async () => {
  await t.command(
    'host register store12-edge-04 --cluster demo --site store-12 --ip 10.80.1.14 --arch arm64',
  );
  const secret = await t.waitForCall(
    (c) => c.kind === 'response_url' && text(c).includes('Bootstrap store12-edge-04'),
  );
  const body = text(secret);
  const yaml = /cat > nodeConfig.yaml <<'NODECONFIG_EOF'\\n([\s\S]*?)\\nNODECONFIG_EOF/.exec(body)?.[1] ?? '';
  const { managedInstanceId } = t.sim.control.bootstrapHost('store12-edge-04', {
    ...secretsIn(body),
    nodeConfig: JSON.parse(`"${yaml}"`),
    kubernetesVersion: '1.31',
  });
  await t.waitForCall((c) => text(c).includes('store12-edge-04* registered as'), 20_000);

  await t.command('host deregister store12-edge-04');
  const request = await t.waitForCall(
    (c) => c.method === 'chat.postMessage' && text(c).includes('Deregister host store12-edge-04'),
  );
  const [approve] = buttonsIn(request.args);
  await t.interaction(
    buttonClick('U0APPROVER', approve as never, {
      messageTs: '1700000002.000400',
      responseUrl: t.slack.responseUrl(),
    }),
  );
  const blocked = await t.waitForCall(
    (c) => c.method === 'chat.postMessage' && text(c).includes('is blocked'),
    20_000,
  );
  expect(text(blocked)).toContain('store/pos-');
  expect(text(blocked)).toContain('nothing was deregistered');
  expect(
    t.sim.control
      .state()
      .managedInstances.some((i: { instanceId: string }) => i.instanceId === managedInstanceId),
  ).toBe(true);
  const record = JSON.parse((await t.inspect.hget('{hb}:hosts:demo', 'store12-edge-04')) ?? '{}');
  expect(record.status).not.toBe('deregistered');
}, 60_000);
