import type { ChangeRecord } from '../../src/domain/changes/change';
import { planDeregistration } from '../../src/domain/hosts/deregistration-plan';

/** A deregistration's plan, as the engine's messages are tested with. */
export const deregistrationPlanned = planDeregistration({
  cluster: 'demo',
  host: 'pos-1',
  site: 'store-12',
  auth: 'ssm',
  nodeName: 'mi-1',
  managedInstanceId: 'mi-1',
});

/** That plan as a stored change in `state`. */
export function deregistrationChange(
  state: ChangeRecord['state'],
  extra: Partial<ChangeRecord> = {},
): ChangeRecord {
  const planned = deregistrationPlanned;
  return {
    id: '41',
    kind: planned.kind,
    target: planned.target,
    requester: 'U0OPERATOR',
    channel: 'C0OPS',
    title: planned.title,
    summary: planned.summary,
    diff: planned.diff,
    plan: planned.plan,
    planHash: 'f'.repeat(64),
    maxParallel: 1,
    unit: 'hosts',
    canRollBack: false,
    createdAt: 0,
    expiresAt: 3_600_000,
    updatedAt: 0,
    state,
    ...extra,
  };
}
