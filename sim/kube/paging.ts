/**
 * limit/continue paging of lists, as kube-apiserver pages them: the continue token carries the
 * resourceVersion of the first page, and every later page is read at that version, so the pages of
 * one list form one consistent snapshot. A token older than the store's history answers 410 Expired.
 */
import { badRequest, KubeError } from './errors';
import type { KubeObject } from './types';

interface ContinueKey {
  v: 'meta.k8s.io/v1';
  rv: number;
  /** The first key this page may serve: the last key served, plus a NUL byte. */
  start: string;
}

export interface Page {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remaining: number;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function decodeContinue(token: string): ContinueKey {
  let parsed: Partial<ContinueKey>;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: not a base64 JSON document');
  }
  if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.start !== 'string' || !Number.isInteger(parsed.rv)) {
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  return parsed as ContinueKey;
}

export const expiredContinue = () =>
  new KubeError(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
  );

/**
 * One page of `items`, which the caller read at `resourceVersion` (for a continued list: the
 * version in its token).
 */
export function page(
  items: KubeObject[],
  resourceVersion: number,
  limitParam: string | null,
  from: ContinueKey | undefined,
): Page {
  const rest = from ? items.filter((o) => keyOf(o) >= from.start) : items;
  const limit = Number(limitParam);
  if (!(limit > 0) || rest.length <= limit) {
    return { items: rest, resourceVersion: String(resourceVersion), remaining: 0 };
  }
  const served = rest.slice(0, limit);
  const next: ContinueKey = {
    v: 'meta.k8s.io/v1',
    rv: resourceVersion,
    start: `${keyOf(served.at(-1)!)}\u0000`,
  };
  return {
    items: served,
    resourceVersion: String(resourceVersion),
    continueToken: Buffer.from(JSON.stringify(next)).toString('base64url'),
    remaining: rest.length - limit,
  };
}
