import type { Alert } from '../../../../src/domain/alerts/alert';
import { planAlertClose } from '../../../../src/domain/alerts/alert-close';
import type { AlertGroupState } from '../../../../src/domain/alerts/alert-state';

const alert = (key: string): Alert => ({
  key,
  cluster: 'gitops',
  rule: 'agent-node-unavailable',
  severity: 'critical',
  summary: `summary of ${key}`,
  details: '',
});

const group = (messageTs: string | undefined, keys: string[]): AlertGroupState => ({
  cluster: 'gitops',
  ...(messageTs ? { messageTs } : {}),
  alerts: Object.fromEntries(keys.map((k) => [k, { alert: alert(k), since: 1, acknowledgedBy: 'U1' }])),
  lastNotifiedAt: 1,
});

describe('closing the alert message of a cluster no longer watched', () => {
  const why = 'cluster gitops is no longer managed by the bot (forgotten by change chg_1)';

  it('marks the open message unwatched, with every alert it showed, and says so in its thread', () => {
    const actions = planAlertClose(group('gitops-3', ['a', 'b']), why);
    expect(actions).toEqual([
      {
        kind: 'update',
        messageTs: 'gitops-3',
        alerts: [
          { alert: alert('a'), since: 1, acknowledgedBy: 'U1' },
          { alert: alert('b'), since: 1, acknowledgedBy: 'U1' },
        ],
        resolved: false,
        unwatched: why,
      },
      {
        kind: 'thread',
        messageTs: 'gitops-3',
        text: `Closed: ${why}. 2 alerts still firing at the last sweep; nothing resolves them here any more.`,
      },
    ]);
  });

  it('sends nothing when no message was posted (nothing fired, or all of it snoozed before a post)', () => {
    expect(planAlertClose(undefined, why)).toEqual([]);
    expect(planAlertClose(group(undefined, ['a']), why)).toEqual([]);
  });
});
