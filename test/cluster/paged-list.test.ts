import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { pagedList } from '../../src/cluster/informer.js';

const object = (name: string): KubernetesObject => ({
  metadata: { name, resourceVersion: '7', annotations: { big: 'x'.repeat(100) } },
});

/** A list of `names` served `size` objects a page, recording which continue tokens were asked for. */
function pages(names: readonly string[], size: number, tokenKey: 'continue' | '_continue' = '_continue') {
  const asked: (string | undefined)[] = [];
  const listPage = async (token: string | undefined): Promise<KubernetesListObject<KubernetesObject>> => {
    asked.push(token);
    const start = token === undefined ? 0 : Number(token);
    const next = start + size < names.length ? String(start + size) : undefined;
    return {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '42', ...(next === undefined ? {} : { [tokenKey]: next }) },
      items: names.slice(start, start + size).map(object),
    };
  };
  return { asked, listPage };
}

describe('a paged list', () => {
  it('reads every page, keeps each object as the view keeps it, and takes its metadata from the first', async () => {
    const { asked, listPage } = pages(['a', 'b', 'c', 'd', 'e'], 2);
    const list = await pagedList(listPage, (item) => ({ metadata: { name: item.metadata?.name ?? '' } }));
    expect(asked).toEqual([undefined, '2', '4']);
    expect(list.items).toEqual(['a', 'b', 'c', 'd', 'e'].map((name) => ({ metadata: { name } })));
    expect(list.metadata?.resourceVersion).toBe('42');
  });

  it("follows the API's own `continue` key, as lists of custom objects carry it", async () => {
    const { asked, listPage } = pages(['a', 'b', 'c'], 1, 'continue');
    expect((await pagedList(listPage, (item) => item)).items).toHaveLength(3);
    expect(asked).toEqual([undefined, '1', '2']);
  });

  it('is one call for a list that fits one page', async () => {
    const { asked, listPage } = pages(['a'], 500);
    expect((await pagedList(listPage, (item) => item)).items).toEqual([object('a')]);
    expect(asked).toEqual([undefined]);
  });
});
