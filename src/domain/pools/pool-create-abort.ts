import type { StepRecord } from '../changes/journal';
import { POOL_STEPS, type PoolCreatePlan } from './pool-create-plan';

/** What an aborted `pool create` or `pool add` did to one host, and what becomes of it. */
export interface AbortedHost {
  host: string;
  /** Claimed and never joined: it goes back to the inventory. */
  release: boolean;
  /** For the change's thread: what ran on it, and what is left to do. */
  line: string;
}

/**
 * Per host of an aborted pool change: a host whose node joined stays in the pool; one whose
 * `nodeadm init` ran (or was under way) stays too, since its node may still join; any other
 * host the change claimed is released. Each line says what ran on the host.
 */
export function poolCreateAbortReport(
  plan: PoolCreatePlan,
  steps: readonly Pick<StepRecord, 'group' | 'action' | 'state' | 'title'>[],
  joined: ReadonlyMap<string, string>,
  requester: string,
): AbortedHost[] {
  return plan.hosts.map((h) => {
    const own = steps.filter((s) => s.group === h.name);
    const state = (action: string) => own.find((s) => s.action === action)?.state;
    const claimed = state(POOL_STEPS.record) === 'done' || state(POOL_STEPS.record) === 'running';
    const node = joined.get(h.name);
    if (node)
      return {
        host: h.name,
        release: false,
        line: `${h.name}: joined as node ${node}; stays in pool ${plan.pool}.`,
      };
    if (!claimed) return { host: h.name, release: false, line: `${h.name}: not started; nothing ran on it.` };
    const ran = own
      .filter((s) => s.action !== POOL_STEPS.record && (s.state === 'done' || s.state === 'running'))
      .map((s) => ranWords(plan, s));
    const what = ran.length > 0 ? ran.join(', ') : 'nothing ran on it';
    const init = state(POOL_STEPS.init);
    if (init === 'done' || init === 'running') {
      return {
        host: h.name,
        release: false,
        line: `${h.name}: ${what}; not joined yet. Its node may still join, so it stays in pool ${plan.pool}: \`/hybrid pool remove ${plan.pool} --cluster ${plan.cluster} --hosts ${h.name}\` if it should not.`,
      };
    }
    const instructed = state(POOL_STEPS.instruct) !== undefined && state(POOL_STEPS.instruct) !== 'pending';
    const next = instructed
      ? `<@${requester}>, do not run the join commands you were sent for it.`
      : 'it can go into a pool again (`/hybrid pool add`).';
    return {
      host: h.name,
      release: true,
      line: `${h.name}: ${what}; not joined. Released from pool ${plan.pool}, back in the inventory${h.auth === 'ssm' ? ' (still registered with SSM)' : ''}: ${next}`,
    };
  });
}

function ranWords(plan: PoolCreatePlan, s: Pick<StepRecord, 'action' | 'state' | 'title'>): string {
  const done = s.state === 'done';
  switch (s.action) {
    case POOL_STEPS.install:
      return `\`nodeadm install ${plan.profile.kubernetesVersion}\` ${done ? 'done' : 'under way'}`;
    case POOL_STEPS.writeConfig:
      return done ? 'NodeConfig written' : 'NodeConfig being written';
    case POOL_STEPS.init:
      return `\`nodeadm init\` ${done ? 'done' : 'under way'}`;
    case POOL_STEPS.instruct:
      return 'join commands sent to the requester';
    default:
      return `${s.title} ${done ? 'done' : 'under way'}`;
  }
}
