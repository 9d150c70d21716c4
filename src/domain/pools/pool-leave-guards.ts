/** A pool's node as the leaving guards read it: Ready or not, and its pods other than DaemonSet and static ones. */
export interface PoolNodeLoad {
  host: string;
  ready: boolean;
  pods: number;
}

export interface PoolLeaveFacts {
  pool: string;
  /** The hosts about to leave the pool. */
  removing: readonly string[];
  nodes: readonly PoolNodeLoad[];
  /** Budgets that allow no disruption now and cover pods on the leaving nodes (see blockingBudgets). */
  blockingBudgets?: readonly string[];
  force: boolean;
  isAdmin: boolean;
}

/**
 * Why hosts may not leave a pool now, whatever takes them out (`pool remove`, `pool delete`,
 * `host deregister`): the pool's last Ready nodes while pods run there, and PodDisruptionBudgets
 * that allow no disruption. An admin's --force passes both; empty when they may leave.
 */
export function poolLeaveProblems(f: PoolLeaveFacts): string[] {
  const problems: string[] = [];
  if (f.force && !f.isAdmin) problems.push('--force is for admins: ask one, or remove fewer hosts.');
  if (f.force) return problems;
  const leaving = f.nodes.filter((n) => f.removing.includes(n.host));
  const staying = f.nodes.filter((n) => !f.removing.includes(n.host) && n.ready);
  const pods = leaving.reduce((sum, n) => sum + n.pods, 0);
  if (staying.length === 0 && pods > 0 && leaving.some((n) => n.ready)) {
    problems.push(
      `This takes the last Ready node${leaving.length === 1 ? '' : 's'} of pool ${f.pool} while ${pods} pod${pods === 1 ? '' : 's'} run there: they would have nowhere to go. Add hosts first (\`/hybrid pool add\`), or an admin passes --force.`,
    );
  }
  for (const budget of f.blockingBudgets ?? []) {
    problems.push(
      `PodDisruptionBudget ${budget} allows no disruption now: the first drain would stop at it. Add capacity or relax the budget; or an admin passes --force (the drain still waits for the budget, paused).`,
    );
  }
  return problems;
}
