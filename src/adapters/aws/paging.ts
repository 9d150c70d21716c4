/** Follows NextToken until AWS says there is no more. */
export async function allPages<T>(
  page: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const { items, nextToken } = await page(token);
    all.push(...items);
    token = nextToken || undefined;
  } while (token);
  return all;
}

/** Runs `fn` over the items with at most `limit` calls in flight, keeping the order of the items. */
export async function mapLimit<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  limit = 5,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
