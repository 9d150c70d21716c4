import { ApiException } from '@kubernetes/client-node';
import { allItems } from '../../../src/adapters/kube/kube-connection';

type Page = { items: string[]; metadata?: { _continue?: string; continue?: string } };
const expired = () => new ApiException(410, 'Expired', '{"reason":"Expired"}', {});

describe('allItems (paged Kubernetes lists)', () => {
  it('starts the list again when its snapshot expires between pages, never mixing two moments', async () => {
    const calls: (string | undefined)[] = [];
    const answers: (() => Page)[] = [
      () => ({ items: ['a', 'b'], metadata: { _continue: 't1' } }),
      () => {
        throw expired();
      },
      () => ({ items: ['a', 'c'], metadata: { _continue: 't2' } }),
      () => ({ items: ['d'] }),
    ];
    const items = await allItems(async (cont) => {
      calls.push(cont);
      return (answers.shift() as () => Page)();
    });
    expect(items).toEqual(['a', 'c', 'd']);
    expect(calls).toEqual([undefined, 't1', undefined, 't2']);
  });

  it('follows `continue` as the API names it in JSON read without the client, as well as the client’s `_continue`', async () => {
    const calls: (string | undefined)[] = [];
    const answers: Page[] = [
      { items: ['a'], metadata: { continue: 't1' } },
      { items: ['b'], metadata: { _continue: 't2' } },
      { items: ['c'], metadata: { continue: '' } },
    ];
    const items = await allItems(async (cont) => {
      calls.push(cont);
      return answers.shift() as Page;
    });
    expect(items).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual([undefined, 't1', 't2']);
  });

  it('passes on a 410 of a first page, and gives up after three expired snapshots', async () => {
    await expect(allItems(async () => Promise.reject(expired()))).rejects.toMatchObject({ code: 410 });
    let firstPages = 0;
    const always = allItems(async (cont): Promise<Page> => {
      if (cont) throw expired();
      firstPages++;
      return { items: ['a'], metadata: { _continue: 't' } };
    });
    await expect(always).rejects.toMatchObject({ code: 410 });
    expect(firstPages).toBe(3);
  });
});
