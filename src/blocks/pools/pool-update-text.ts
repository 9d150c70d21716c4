import type { PoolView } from '../../domain/pools/pool-view';
import { escapeMrkdwn } from '../mrkdwn';

type Updates = Pick<PoolView, 'profile' | 'updateAvailable' | 'updateBlocked'>;

/**
 * "updates available" with the version a rollout would accept, and why a newer one cannot be used;
 * undefined when the pool runs its profile's newest version. In a list line the version alone, in
 * `pool show` the profile with it.
 */
export function poolUpdateText(p: Updates, form: 'line' | 'detail'): string | undefined {
  const why = p.updateBlocked ? escapeMrkdwn(p.updateBlocked.why) : undefined;
  if (p.updateAvailable) {
    if (form === 'line') return `:arrow_up: updates available (${p.updateAvailable}${why ? `; ${why}` : ''})`;
    const ref = escapeMrkdwn(`${p.profile.name}@${p.updateAvailable}`);
    return `:arrow_up: updates available: ${ref}${why ? ` (${why})` : ''}`;
  }
  return why ? `no usable update: ${why}` : undefined;
}
