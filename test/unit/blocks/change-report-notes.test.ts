import {
  abortedReport,
  askedReport,
  doneReport,
  expiredReport,
  pausedReport,
  rejectedReport,
} from '../../../src/blocks/changes/change-report-notes';

// What the alert's thread hears of a remedy clicked there: the people reading it did not follow the
// change's own thread, so each line names the change and where it is.
const change = {
  id: '12',
  title: 'Restart kubelet on host store12-edge-01',
  channel: 'C0OPS',
  requester: 'U0OPERATOR',
  unit: 'hosts',
};

describe("a change's lines in the thread it reports to", () => {
  it('asked: who asked, and where an approver other than them decides', () => {
    expect(askedReport(change)).toBe(
      ':hourglass_flowing_sand: <@U0OPERATOR> asked to *Restart kubelet on host store12-edge-01*: change 12 in <#C0OPS> waits for an approver other than them.',
    );
  });

  it("done: the feature's own line for what it did, else its title; failed hosts counted", () => {
    expect(doneReport(change, [], 'kubelet restarted on store12-edge-01; node mi-0abc Ready again')).toBe(
      ':white_check_mark: kubelet restarted on store12-edge-01; node mi-0abc Ready again (change 12).',
    );
    expect(doneReport(change, [])).toBe(
      ':white_check_mark: Done: Restart kubelet on host store12-edge-01 (change 12).',
    );
    expect(doneReport(change, ['store12-edge-01'])).toContain('but 1 host failed: store12-edge-01.');
  });

  it('paused: which step failed, why, and what an approver can do where', () => {
    const text = pausedReport(
      change,
      { title: 'Restart kubelet on store12-edge-01', skippable: false },
      '`systemctl restart kubelet` failed on store12-edge-01 (Failed, exit 1).',
    );
    expect(text).toContain('*Restart kubelet on store12-edge-01* failed: `systemctl restart kubelet` failed');
    expect(text).toContain('An approver can retry the step or abort change 12 in <#C0OPS>.');
  });

  it('aborted, rejected, expired: by whom, and that nothing (more) runs', () => {
    expect(abortedReport(change, 'U0APPROVER', 'Nothing ran on store12-edge-01.')).toBe(
      ':octagonal_sign: *Restart kubelet on host store12-edge-01* was aborted by <@U0APPROVER> (change 12): no further step runs. Nothing ran on store12-edge-01.',
    );
    expect(rejectedReport(change, 'U0APPROVER')).toContain(
      'rejected by <@U0APPROVER> (change 12): nothing ran.',
    );
    expect(expiredReport(change)).toContain(
      'nobody approved change 12 in <#C0OPS> in time, and nothing ran.',
    );
  });
});
