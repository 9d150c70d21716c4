import {
  leftTerminatingNote,
  splitTerminating,
  stillTerminatingProgress,
} from '../../../../src/domain/nodes/drain-terminating';

const NOW = Date.parse('2026-12-07T15:00:00Z');
/** A pod whose grace period ended `secondsAgo` seconds ago (deletionTimestamp is that deadline). */
const terminating = (name: string, secondsAgo: number) => ({
  namespace: 'retail',
  name,
  deletionTimestamp: NOW - secondsAgo * 1000,
});

describe('which evicted pods a drain still waits for', () => {
  it('stops waiting, on a NotReady node, for pods Terminating longer than their grace period plus the margin', () => {
    const pods = [terminating('web-1', 61), terminating('web-2', 300), terminating('web-3', 60)];
    const { waiting, leftTerminating } = splitTerminating(pods, false, NOW, 60);
    expect(leftTerminating.map((p) => p.name)).toEqual(['web-1', 'web-2']);
    // Exactly the margin past its deadline: kubectl skips only strictly older ones.
    expect(waiting.map((p) => p.name)).toEqual(['web-3']);
  });

  it('waits for pods still within their grace period, and for pods not yet marked for deletion', () => {
    const pods = [terminating('web-1', -20), { namespace: 'retail', name: 'web-2' }];
    const { waiting, leftTerminating } = splitTerminating(pods, false, NOW, 0);
    expect(waiting.map((p) => p.name)).toEqual(['web-1', 'web-2']);
    expect(leftTerminating).toEqual([]);
  });

  it('waits as long as it takes on a Ready node: its kubelet is ending them', () => {
    const { waiting, leftTerminating } = splitTerminating([terminating('web-1', 3600)], true, NOW, 60);
    expect(waiting.map((p) => p.name)).toEqual(['web-1']);
    expect(leftTerminating).toEqual([]);
  });
});

describe('what the drain says of them', () => {
  it('names the pods left Terminating and when they go', () => {
    expect(leftTerminatingNote([terminating('web-1', 90), terminating('web-2', 90)], 'mi-1')).toBe(
      '2 pods left Terminating on NotReady node `mi-1`: `retail/web-1`, `retail/web-2`; they go when its kubelet returns',
    );
    expect(leftTerminatingNote([terminating('web-1', 90)], 'mi-1')).toBe(
      '1 pod left Terminating on NotReady node `mi-1`: `retail/web-1`; it goes when its kubelet returns',
    );
  });

  it('names five and counts the rest', () => {
    const pods = Array.from({ length: 7 }, (_, i) => terminating(`web-${i}`, 90));
    expect(leftTerminatingNote(pods, 'mi-1')).toContain('`retail/web-4`, 2 more; they go');
  });

  it('says, while waiting on a NotReady node, how long it waits', () => {
    expect(stillTerminatingProgress([terminating('web-1', 0)], false, 60)).toBe(
      '1 evicted pod still terminating; the node is NotReady, so it is not waited for past its grace period plus 60 s',
    );
    expect(stillTerminatingProgress([terminating('a', 0), terminating('b', 0)], true, 60)).toBe(
      '2 evicted pods still terminating',
    );
  });
});
