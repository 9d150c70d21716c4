import {
  alertsResolved,
  answeredOnce,
  memoryKept,
  nodeadmOnce,
  postedTwiceInARow,
  ssmOnce,
} from '../../../scripts/soak/checks';
import type { DriverLedger } from '../../../scripts/soak/driver';
import type { SlackCall } from '../../../sim/slack/fake-slack';

// The soak's verdicts on histories made by hand: each check must fail on the fault it looks for.

const call = (c: Partial<SlackCall> & Pick<SlackCall, 'method'>): SlackCall => ({
  kind: 'api',
  args: {},
  at: 0,
  status: 200,
  ...c,
});

function ledger(over: Partial<DriverLedger> = {}): DriverLedger {
  return {
    requests: [],
    expected: new Map(),
    unsettled: new Set(),
    activationCodes: new Set(),
    changes: new Map(),
    registrations: 0,
    stuck: [],
    errors: [],
    ...over,
  };
}

describe('the soak checks', () => {
  const url = 'http://127.0.0.1:1/response/T0SIM/1/abc';
  const acked = ledger({
    requests: [{ kind: 'command', what: 'hosts', responseUrl: url, status: 200, at: 0 }],
  });
  const answer = (text: string, at = 1) =>
    call({ kind: 'response_url', method: '/response/T0SIM/1/abc', args: { text }, at });

  it('answeredOnce: a command answered once passes; unanswered or the same answer twice fails', () => {
    expect(answeredOnce([answer('3 hosts')], acked).ok).toBe(true);
    expect(answeredOnce([], acked)).toMatchObject({ ok: false, unanswered: ['hosts'] });
    expect(answeredOnce([answer('3 hosts'), answer('3 hosts', 2)], acked)).toMatchObject({
      ok: false,
      answeredTwice: ['hosts'],
    });
    // A 500 the fake Slack answered is no answer.
    expect(answeredOnce([{ ...answer('3 hosts'), status: 500 }], acked).ok).toBe(false);
  });

  it('postedTwiceInARow: the same message twice in a row in a thread is a duplicate; after another line it is not', () => {
    const post = (text: string, at: number) =>
      call({ method: 'chat.postMessage', args: { channel: 'C0OPS', thread_ts: '1.1', text }, at });
    expect(postedTwiceInARow([post('init failed', 1), post('init failed', 2)])).toHaveLength(1);
    expect(postedTwiceInARow([post('init failed', 1), post('Retrying', 2), post('init failed', 3)])).toEqual(
      [],
    );
  });

  it('nodeadmOnce: each verb as often as the done changes asked; once more only for a host left unsettled', () => {
    const expected = new Map([['h1', { install: 2, init: 1, upgrade: 0, uninstall: 0 }]]);
    const effects = { h1: { 'nodeadm install': 2, 'nodeadm init': 1 } };
    expect(nodeadmOnce(effects, ledger({ expected })).ok).toBe(true);
    const twice = { h1: { 'nodeadm install': 2, 'nodeadm init': 2 } };
    expect(nodeadmOnce(twice, ledger({ expected })).wrong).toEqual(['h1 nodeadm init: 2, wanted 1']);
    expect(nodeadmOnce(twice, ledger({ expected, unsettled: new Set(['h1']) })).ok).toBe(true);
    // Node-level effects (cluster/node) are not hosts'.
    expect(nodeadmOnce({ ...effects, 'demo/n1': { cordoned: 1 } }, ledger({ expected })).ok).toBe(true);
  });

  it('ssmOnce: two instances of one activation, or an activation never used, fail', () => {
    const activation = (activationId: string, registrationsCount: number) => ({
      activationId,
      registrationsCount,
      expired: false,
    });
    expect(
      ssmOnce({
        managedInstances: [{ instanceId: 'mi-1', name: 'h1', activationId: 'a1' }],
        activations: [activation('a1', 1)],
      }).ok,
    ).toBe(true);
    expect(
      ssmOnce({
        managedInstances: [
          { instanceId: 'mi-1', name: 'h1', activationId: 'a1' },
          { instanceId: 'mi-2', name: 'h1', activationId: 'a1' },
        ],
        activations: [activation('a1', 2)],
      }).registeredTwice,
    ).toEqual(['a1: 2', 'h1: 2']);
    expect(ssmOnce({ managedInstances: [], activations: [activation('a2', 0)] }).orphanActivations).toEqual([
      'a2',
    ]);
  });

  it('alertsResolved: each alert message resolved, never two open for one cluster', () => {
    const alert = (ts: string, at: number) =>
      call({
        method: 'chat.postMessage',
        args: { channel: 'C0ALERTS', text: 'NotReady on demo' },
        at,
        result: { ts },
      });
    const resolve = (ts: string, at: number) =>
      call({ method: 'chat.update', args: { channel: 'C0ALERTS', ts, text: 'Resolved on demo' }, at });
    expect(alertsResolved([alert('1', 1), resolve('1', 2), alert('2', 3), resolve('2', 4)]).ok).toBe(true);
    expect(alertsResolved([alert('1', 1)]).unresolved).toHaveLength(1);
    // Posted only once it had cleared (Slack was down meanwhile): resolved as it comes.
    const late = call({
      method: 'chat.postMessage',
      args: { channel: 'C0ALERTS', text: 'Resolved on demo\nresolved: node NotReady on demo.' },
      at: 1,
      result: { ts: '3' },
    });
    expect(alertsResolved([late]).ok).toBe(true);
    expect(
      alertsResolved([alert('1', 1), alert('2', 2), resolve('1', 3), resolve('2', 4)]).twiceForOneIncident,
    ).toHaveLength(1);
  });

  it('memoryKept: a process that grew past 1.2× fails; one restarted after the window is not compared', () => {
    const s = (name: string, at: number, pid: number, rssKiB: number) => ({ name, at, pid, rssKiB });
    expect(memoryKept([s('w', 0, 1, 100), s('w', 10, 1, 200), s('w', 20, 1, 230)], 10, 0).ok).toBe(true);
    expect(memoryKept([s('w', 10, 1, 200), s('w', 20, 1, 260)], 10, 0).ok).toBe(false);
    expect(memoryKept([s('w', 10, 1, 200), s('w', 20, 2, 400)], 10, 0)).toMatchObject({
      ok: false,
      notCompared: ['w (restarted since)'],
    });
  });
});
