import { z } from 'zod';
import {
  HOST_RESTART_STEPS,
  type HostRestartPlan,
  hostRestartPlanner,
  RESTARTABLE_SERVICES,
} from '../../src/domain/hosts/host-restart-plan';
import { nodeStepInputSchema } from '../../src/domain/nodes/node-step-input';
import { BotError, ErrorCode } from '../../src/errors';
import type { ChangeFeature } from '../changes/change-feature';
import { runOnHostOnce } from '../nodes/host-run';
import { awaitReadyAgain } from '../nodes/node-lifecycle-steps';
import { typedStep } from '../nodes/typed-step';

const restartInput = nodeStepInputSchema.extend({
  managedInstanceId: z.string().min(1),
  service: z.enum(RESTARTABLE_SERVICES),
});

/** Minutes a restart may take before the step gives up: systemd's own stop timeout is 90 s. */
const RESTART_MINUTES = 5;

/** `systemctl restart <service>` through SSM, sent once per step and Retry (found again by its comment). */
const restartService = typedStep<HostRestartPlan, z.infer<typeof restartInput>>(
  restartInput,
  async (ctx, input) => {
    const command = `systemctl restart ${input.service}`;
    const result = await runOnHostOnce(ctx, input.managedInstanceId, ['set -e', command], {
      what: command,
      limitMinutes: RESTART_MINUTES,
      timeoutSeconds: RESTART_MINUTES * 60,
    });
    if (result.status !== 'Success') {
      const said = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-5).join('\n');
      throw new BotError(
        ErrorCode.Conflict,
        `\`${command}\` failed on ${input.host ?? input.managedInstanceId} (${result.status}${result.exitCode !== undefined ? `, exit ${result.exitCode}` : ''})${said ? `:\n\`\`\`\n${said}\n\`\`\`` : '.'} Run \`/hybrid host debug ${input.host ?? ''} --cluster ${ctx.plan.cluster}\` to see why, then retry the step.`,
      );
    }
    return `${input.service} restarted`;
  },
);

/** Restarting a service on a host as a change: its planner, the executors of its steps, what it says it did. */
export const hostRestartFeature: ChangeFeature<HostRestartPlan> = {
  planner: hostRestartPlanner,
  executors: {
    [HOST_RESTART_STEPS.restart]: restartService,
    [HOST_RESTART_STEPS.awaitReady]: awaitReadyAgain,
  },
  outcome: (_change, plan) => `${plan.service} restarted on ${plan.host}; node ${plan.nodeName} Ready again`,
  leftAfterAbort: (_change, plan, steps) => {
    const restart = steps.find((s) => s.action === HOST_RESTART_STEPS.restart);
    const debug = `\`/hybrid host debug ${plan.host} --cluster ${plan.cluster}\``;
    if (restart?.state === 'done') {
      return `${plan.service} was restarted on ${plan.host}, but node ${plan.nodeName} was not seen Ready: run ${debug} to see why.`;
    }
    if (restart?.state === 'pending')
      return `Nothing ran on ${plan.host}: ${plan.service} was not restarted.`;
    return `\`systemctl restart ${plan.service}\` may have run on ${plan.host}: run ${debug} to see where it stands.`;
  },
};
