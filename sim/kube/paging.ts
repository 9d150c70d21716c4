/** limit/continue paging of lists. */
import { badRequest } from './errors';
import type { KubeObject } from './types';

/** limit/continue paging; the token names the last key served, so pages stay stable as objects come and go. */
export function page(
  items: KubeObject[],
  limitParam: string | null,
  token: string | null,
): { items: KubeObject[]; continueToken?: string; remaining: number } {
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  let rest = items;
  if (token) {
    let after: unknown;
    try {
      after = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')).after;
    } catch {
      throw badRequest('continue key is not valid');
    }
    if (typeof after !== 'string') throw badRequest('continue key is not valid');
    rest = items.filter((o) => key(o) > after);
  }
  const limit = Number(limitParam);
  if (!(limit > 0) || rest.length <= limit) return { items: rest, remaining: 0 };
  const served = rest.slice(0, limit);
  const last = served[served.length - 1]!;
  return {
    items: served,
    continueToken: Buffer.from(JSON.stringify({ after: key(last) })).toString('base64url'),
    remaining: rest.length - limit,
  };
}
