import { section } from '../../src/blocks/elements';
import { checkStepNow } from '../changes/engine';
import type { BackgroundProcessor } from '../job-context';

/**
 * Done pressed on a host's instructions (an IAM Roles Anywhere join or upgrade, a re-image): the
 * waiting step looks now rather than at its next poll; it checks the host itself and goes on or
 * keeps waiting.
 */
export const poolHostDone: BackgroundProcessor<'pool-host-done'> = async (job, deps) => {
  const d = job.data;
  const tell = async (text: string) => {
    if (d.responseUrl) {
      await deps.outbox.send(
        {
          kind: 'respond',
          responseUrl: d.responseUrl,
          responseType: 'ephemeral',
          text,
          blocks: [section(text)],
        },
        { jobId: `pool-done-reply-${d.clickId}` },
      );
    }
  };
  const change = await deps.stores.changes.get(d.id);
  const step = (await deps.stores.changes.steps(d.id)).find((s) => s.key === d.step);
  if (!change || !step) {
    await tell(`Change ${d.id} is gone: nothing waits for this host.`);
    return { outcome: 'gone' };
  }
  if (change.requester !== d.user) {
    await tell(`Only <@${change.requester}>, who asked for change ${d.id}, can say this host is done.`);
    return { outcome: 'not the requester' };
  }
  if (step.state !== 'running' || change.state !== 'applying') {
    await tell(`${step.title}: ${step.state === 'done' ? 'already done' : `the change is ${change.state}`}.`);
    return { outcome: step.state };
  }
  await checkStepNow(deps, d.id, d.step, d.clickId);
  await tell(
    `Checking ${String(step.input.host ?? step.title)} now; the change's message shows the outcome.`,
  );
  return { outcome: 'checking' };
};
