import { hostRestartFeature } from '../../../jobs/diagnostics/host-restart-steps';
import type { ChangeRecord } from '../../../src/domain/changes/change';
import { newJournal, type StepRecord } from '../../../src/domain/changes/journal';
import { planHostRestart } from '../../../src/domain/hosts/host-restart-plan';

// What a host restart says it did, or left, in the thread it reports to (the alert's).
const plan = {
  cluster: 'demo',
  host: 'store12-edge-01',
  site: 'store-12',
  managedInstanceId: 'mi-0abc1234def567890',
  nodeName: 'mi-0abc1234def567890',
  service: 'kubelet' as const,
  nodeReady: false,
};
const change = {} as ChangeRecord;
const journal = (restart: StepRecord['state']) =>
  newJournal(planHostRestart(plan).steps).map((s) => (s.key === 'restart' ? { ...s, state: restart } : s));

describe('the host restart feature, in the thread it reports to', () => {
  it('done: the service restarted and the node Ready again', () => {
    expect(hostRestartFeature.outcome?.(change, plan, journal('done'))).toBe(
      'kubelet restarted on store12-edge-01; node mi-0abc1234def567890 Ready again',
    );
  });

  it('aborted: whether the restart ran, and the command that shows where the host stands', () => {
    const left = (state: StepRecord['state']) =>
      hostRestartFeature.leftAfterAbort?.(change, plan, journal(state));
    expect(left('pending')).toBe('Nothing ran on store12-edge-01: kubelet was not restarted.');
    expect(left('running')).toBe(
      '`systemctl restart kubelet` may have run on store12-edge-01: run `/hybrid host debug store12-edge-01 --cluster demo` to see where it stands.',
    );
    expect(left('done')).toBe(
      'kubelet was restarted on store12-edge-01, but node mi-0abc1234def567890 was not seen Ready: run `/hybrid host debug store12-edge-01 --cluster demo` to see why.',
    );
  });
});
