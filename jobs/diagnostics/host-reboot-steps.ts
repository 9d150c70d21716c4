import { z } from 'zod';
import type { StepRecord } from '../../src/domain/changes/journal';
import {
  HOST_REBOOT_STEPS,
  type HostRebootPlan,
  hostRebootPlanner,
} from '../../src/domain/hosts/host-reboot-plan';
import { REBOOTED, rebootScript } from '../../src/domain/hosts/host-reboot-script';
import { nodeStepInputSchema } from '../../src/domain/nodes/node-step-input';
import { BotError, ErrorCode } from '../../src/errors';
import type { ChangeFeature } from '../changes/change-feature';
import { runOnHostOnce, stepCommandComment } from '../nodes/host-run';
import { awaitReadyAgain, cordonNode, drainNode, uncordonNode } from '../nodes/node-lifecycle-steps';
import { typedStep } from '../nodes/typed-step';

const rebootInput = nodeStepInputSchema.extend({ managedInstanceId: z.string().min(1) });

/** Minutes a reboot may take, the host's firmware and boot included, before the step gives up. */
const REBOOT_MINUTES = 20;

/**
 * One Run Command that reboots the host as SSM documents it (exit 194, then the script again once
 * the agent is back), sent once per step and Retry (found again by its comment). Its marker is
 * named after the step's comment, so a Retry reboots anew.
 */
const rebootHost = typedStep<HostRebootPlan, z.infer<typeof rebootInput>>(rebootInput, async (ctx, input) => {
  const host = input.host ?? input.managedInstanceId;
  const result = await runOnHostOnce(
    ctx,
    input.managedInstanceId,
    () => Promise.resolve(rebootScript(stepCommandComment(ctx))),
    { what: `reboot of ${host}`, limitMinutes: REBOOT_MINUTES, timeoutSeconds: REBOOT_MINUTES * 60 },
  );
  const said = `${result.stdout}\n${result.stderr}`.trim();
  if (result.status === 'Success' && said.includes(REBOOTED)) return 'rebooted';
  const tail = said.split('\n').slice(-5).join('\n');
  throw new BotError(
    ErrorCode.Conflict,
    `The reboot of ${host} did not finish (${result.status}${result.exitCode !== undefined ? `, exit ${result.exitCode}` : ''})${tail ? `:\n\`\`\`\n${tail}\n\`\`\`` : '.'} Run \`/hybrid host debug ${host} --cluster ${ctx.plan.cluster}\` to see where it stands, then retry the step.`,
  );
});

function leftAfterAbort(_change: unknown, plan: HostRebootPlan, steps: readonly StepRecord[]): string {
  const done = (key: string) => steps.some((s) => s.key === key && s.state === 'done');
  if (done('cordon') && !done('uncordon'))
    return `Node \`${plan.nodeName}\` stays cordoned: \`kubectl uncordon ${plan.nodeName}\` once it should take work again.`;
  return '';
}

/** Rebooting a host as a change: its planner and the executors of its steps. */
export const hostRebootFeature: ChangeFeature<HostRebootPlan> = {
  planner: hostRebootPlanner,
  executors: {
    [HOST_REBOOT_STEPS.cordon]: cordonNode,
    [HOST_REBOOT_STEPS.drain]: drainNode,
    [HOST_REBOOT_STEPS.reboot]: rebootHost,
    [HOST_REBOOT_STEPS.awaitReady]: awaitReadyAgain,
    [HOST_REBOOT_STEPS.uncordon]: uncordonNode,
  },
  leftAfterAbort,
  outcome: (_change, plan) => `${plan.host} rebooted; node ${plan.nodeName} Ready again and uncordoned`,
};
