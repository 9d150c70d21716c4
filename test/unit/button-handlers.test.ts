import { ACTION_IDS } from '../../handlers/actions';
import { CHANGE_ACTIONS, changeMessage } from '../../src/blocks/changes/change-message';
import { homeView } from '../../src/blocks/home-view';
import { inventoryMessage } from '../../src/blocks/hosts/inventory-message';
import { activationExpiredMessage } from '../../src/blocks/hosts/registration-notices';
import { alertGroupMessage } from '../../src/blocks/monitoring/alert-message';
import { clusterStatusMessage } from '../../src/blocks/monitoring/status-message';
import { hostInstructionsMessage } from '../../src/blocks/pools/host-instructions-message';
import { poolShowMessage } from '../../src/blocks/pools/pool-show-message';
import type { ChangeRecord } from '../../src/domain/changes/change';
import { CHANGE_STATES } from '../../src/domain/changes/change-state';
import { newJournal, progressOf, withStep } from '../../src/domain/changes/journal';
import { COMMANDS } from '../../src/domain/commands';
import type { HostRecord } from '../../src/domain/host-status';
import { deregistrationChange, deregistrationPlanned } from '../support/change-fixture';

/** Every action_id of a button anywhere in a message or view. */
function buttonIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(buttonIds);
  if (typeof value !== 'object' || value === null) return [];
  const o = value as Record<string, unknown>;
  const own = o.type === 'button' && typeof o.action_id === 'string' ? [o.action_id] : [];
  return [...own, ...Object.values(o).flatMap(buttonIds)];
}

const host = (i: number, extra: Partial<HostRecord> = {}): HostRecord => ({
  name: `pos-${i}`,
  cluster: 'demo',
  site: 'store-12',
  auth: 'ssm',
  activationId: `act-${i}`,
  deregistered: false,
  status: 'activation-expired',
  ...extra,
});

const planned = deregistrationPlanned;
const changeIn = (state: ChangeRecord['state'], canRollBack: boolean) =>
  deregistrationChange(state, { canRollBack });

/** What every message and view with buttons can show, in each of its states. */
function everyButtonShown(): string[] {
  const journal = newJournal(planned.steps);
  const first = journal[0];
  if (!first) throw new Error('the deregistration plan has no steps');
  // A failed step that may be skipped: every change button can appear.
  const failed = withStep(journal, { ...first, state: 'failed', output: 'drain blocked', skippable: true });
  const changes = CHANGE_STATES.flatMap((state) =>
    [true, false].map((rollBack) => changeMessage(changeIn(state, rollBack), failed, progressOf(failed, 1))),
  );
  const hosts = Array.from({ length: 120 }, (_, i) => host(i));
  return buttonIds([
    ...changes,
    inventoryMessage(hosts, {}, 1),
    inventoryMessage(hosts, {}, 2),
    activationExpiredMessage(host(1)),
    alertGroupMessage(
      'demo',
      [
        {
          alert: {
            key: 'demo/node-not-ready/mi-1',
            cluster: 'demo',
            rule: 'node-not-ready',
            severity: 'warning',
            summary: 's',
            details: 'd',
          },
          since: 0,
        },
        {
          alert: {
            key: 'demo/node-not-ready/mi-2',
            cluster: 'demo',
            rule: 'node-not-ready',
            severity: 'warning',
            summary: 's',
            details: 'd',
          },
          since: 0,
          snoozed: true,
        },
      ],
      'firing',
    ),
    clusterStatusMessage(
      {
        cluster: 'demo',
        availability: {
          agentNodes: { qualifyingReady: 1, qualifyingTotal: 1 },
          agentPod: { node: 'ip-10-0-1-5', running: true },
          hybrid: {
            ready: 1,
            notReady: 1,
            byPool: { a: { ready: 1, total: 2 } },
            bySite: { s: { ready: 1, total: 2 } },
          },
          clusterStatus: 'ACTIVE',
        },
      },
      false,
      0,
    ),
    homeView([{ name: 'demo', region: 'us-west-2', channel: 'C0OPS' }], COMMANDS, 0),
    hostInstructionsMessage({
      changeId: 'c1',
      stepKey: 'h1.instruct',
      pool: 'tills',
      cluster: 'demo',
      host: 'h1',
      nodeName: 'h1',
      commands: ['nodeadm init'],
    }),
    poolShowMessage(
      {
        cluster: 'demo',
        name: 'tills',
        profile: { name: 'edge', version: '1.0.0' },
        members: [],
        nodesReady: 0,
        nodesTotal: 0,
        drift: [],
      },
      { labels: {}, taints: [] },
    ),
  ]);
}

describe('buttons', () => {
  it('every button a message or view shows has a handler', () => {
    const shown = new Set(everyButtonShown());
    const handled = new Set<string>(ACTION_IDS);
    expect([...shown].filter((id) => !handled.has(id))).toEqual([]);
  });

  it('every change button is shown in some state, so none of their handlers is dead', () => {
    const shown = new Set(everyButtonShown());
    expect(Object.values(CHANGE_ACTIONS).filter((id) => !shown.has(id))).toEqual([]);
  });

  it('every handled button is shown somewhere', () => {
    const shown = new Set(everyButtonShown());
    expect(ACTION_IDS.filter((id) => !shown.has(id))).toEqual([]);
  });
});
