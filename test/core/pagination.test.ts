import { describe, expect, it } from 'vitest';
import { PagePromise } from '../../src/core/pagination.js';

function pages(total: number, perPage: number, info: 'full' | 'count-only' | 'none') {
  const calls: number[] = [];
  const fetchPage = async (page: number) => {
    calls.push(page);
    const start = (page - 1) * perPage;
    const result = Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => start + i);
    const totalPages = Math.ceil(total / perPage);
    const resultInfo =
      info === 'full'
        ? { page, per_page: perPage, count: result.length, total_count: total, total_pages: totalPages }
        : info === 'count-only'
          ? { page, per_page: perPage, total_count: total }
          : undefined;
    return { result, resultInfo };
  };
  return { fetchPage, calls };
}

describe('PagePromise', () => {
  it('awaiting gives the first page only', async () => {
    const { fetchPage, calls } = pages(25, 10, 'full');
    const page = await new PagePromise(fetchPage, 1, 10);
    expect(page.result).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(page.hasNextPage()).toBe(true);
    expect(calls).toEqual([1]);
  });

  it('iterates every item and stops at total_pages without an extra request', async () => {
    const { fetchPage, calls } = pages(10_000, 1000, 'full');
    let count = 0;
    for await (const _ of new PagePromise(fetchPage, 1, 1000)) count++;
    expect(count).toBe(10_000);
    expect(calls).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('uses total_count when total_pages is missing', async () => {
    const { fetchPage, calls } = pages(30, 10, 'count-only');
    const items: number[] = [];
    for await (const item of new PagePromise(fetchPage, 1, 10)) items.push(item);
    expect(items).toHaveLength(30);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('with no result_info, stops at the first short page', async () => {
    const { fetchPage, calls } = pages(25, 10, 'none');
    const items: number[] = [];
    for await (const item of new PagePromise(fetchPage, 1, 10)) items.push(item);
    expect(items).toHaveLength(25);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('with no page size asked or sent and no totals, stops after the first page (a server ignoring page cannot loop it)', async () => {
    const calls: number[] = [];
    const sameTwo = async (page: number) => {
      calls.push(page);
      return { result: [1, 2], resultInfo: { page: 1, count: 2 } };
    };
    const items: number[] = [];
    for await (const item of new PagePromise(sameTwo, 1, undefined)) items.push(item);
    expect(items).toEqual([1, 2]);
    expect(calls).toEqual([1]);
    expect((await new PagePromise(sameTwo, 1, undefined)).hasNextPage()).toBe(false);
  });

  it('iterPages starts at the page asked for and reuses an awaited first page', async () => {
    const { fetchPage, calls } = pages(50, 10, 'full');
    const list = new PagePromise(fetchPage, 3, 10);
    await list;
    const seen: number[] = [];
    for await (const page of list.iterPages()) seen.push(page.page);
    expect(seen).toEqual([3, 4, 5]);
    expect(calls).toEqual([3, 4, 5]);
  });

  it('an empty first page ends iteration after one request', async () => {
    const { fetchPage, calls } = pages(0, 10, 'full');
    const items: number[] = [];
    for await (const item of new PagePromise(fetchPage, 1, 10)) items.push(item);
    expect(items).toEqual([]);
    expect(calls).toEqual([1]);
  });

  it('iterating after an await reads the awaited first page and leaves it whole', async () => {
    const { fetchPage, calls } = pages(25, 10, 'full');
    const list = new PagePromise(fetchPage, 1, 10);
    const first = await list;
    const items: number[] = [];
    for await (const item of list) items.push(item);
    expect(items).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(first.result).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('a walk keeps no page: awaiting the list after it asks for the first page again', async () => {
    const { fetchPage, calls } = pages(20, 10, 'full');
    const list = new PagePromise(fetchPage, 1, 10);
    let count = 0;
    for await (const _ of list) count++;
    const first = await list;
    expect(count).toBe(20);
    expect(first.result).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls).toEqual([1, 2, 1]);
  });

  it('a walk stopped early asks for no further page', async () => {
    const { fetchPage, calls } = pages(30, 10, 'full');
    const items: number[] = [];
    for await (const item of new PagePromise(fetchPage, 2, 10)) {
      items.push(item);
      if (items.length === 3) break;
    }
    expect(items).toEqual([10, 11, 12]);
    expect(calls).toEqual([2]);
  });
});

describe('PagePromise as a promise', () => {
  it('catch() handles a first page that fails, and loads it once', async () => {
    const calls: number[] = [];
    const failing = async (page: number): Promise<{ result: number[]; resultInfo: undefined }> => {
      calls.push(page);
      throw new Error('boom');
    };
    const list = new PagePromise(failing, 1, 10);
    const caught = await list.catch((e: unknown) => (e as Error).message);
    expect(caught).toBe('boom');
    await expect(list).rejects.toThrow('boom');
    expect(calls).toEqual([1]);
  });

  it('catch() passes a loaded page through; finally() runs after it and keeps it', async () => {
    const { fetchPage, calls } = pages(25, 10, 'full');
    const list = new PagePromise(fetchPage, 1, 10);
    const page = await list.catch(() => undefined);
    expect(page?.result).toHaveLength(10);
    let ran = false;
    const same = await list.finally(() => {
      ran = true;
    });
    expect([ran, same.page, same.result.length]).toEqual([true, 1, 10]);
    expect(calls).toEqual([1]);
  });
});

describe('Page iteration', () => {
  it('for await over an awaited page gives its items, then the next pages', async () => {
    const { fetchPage, calls } = pages(25, 10, 'full');
    const first = await new PagePromise(fetchPage, 1, 10);
    const items: number[] = [];
    for await (const item of first) items.push(item);
    expect(items).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(calls).toEqual([1, 2, 3]);
  });

  it('iterPages() walks from the page it is called on', async () => {
    const { fetchPage, calls } = pages(30, 10, 'count-only');
    const second = await (await new PagePromise(fetchPage, 1, 10)).getNextPage();
    const seen: number[] = [];
    for await (const page of second.iterPages()) seen.push(page.page);
    expect(seen).toEqual([2, 3]);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('a last page iterates its own items and asks for nothing more', async () => {
    const { fetchPage, calls } = pages(5, 10, 'none');
    const only = await new PagePromise(fetchPage, 1, 10);
    const items: number[] = [];
    for await (const item of only) items.push(item);
    expect(items).toEqual([0, 1, 2, 3, 4]);
    expect(calls).toEqual([1]);
  });
});
