/**
 * Pages of a list endpoint: `await` one page, or `for await` every item lazily.
 *
 * @example
 * ```ts
 * const first = await saas.customHostnames.list({ per_page: 100 }); // one request
 * for await (const host of saas.customHostnames.list({ per_page: 1000 })) { … } // every page, one at a time
 * for await (const page of saas.customHostnames.list().iterPages()) console.log(page.result.length);
 * ```
 * @module
 */
import type { ResultInfo } from '../schemas/envelope.js';

/** Fetches one page by number. @example `const fetchPage: PageFetcher<Item> = (page) => core.call({ … query: { page } })` */
export type PageFetcher<T> = (page: number) => Promise<{ result: T[]; resultInfo: ResultInfo | undefined }>;

/**
 * One page of results with its `result_info`. Iterating it (`for await`) gives its items and
 * then those of the pages after it.
 *
 * @example
 * ```ts
 * const page = await saas.customHostnames.list({ per_page: 50 });
 * page.result.length; page.result_info.total_count;
 * if (page.hasNextPage()) await page.getNextPage();
 * ```
 */
export class Page<T> {
  constructor(
    /** The items of this page. */
    readonly result: T[],
    /** Paging details as Cloudflare sent them (fields may be missing). */
    readonly result_info: ResultInfo,
    /** The page number that was asked for. */
    readonly page: number,
    fetchPage: PageFetcher<T>,
    perPage: number | undefined,
  ) {
    this.#fetchPage = fetchPage;
    this.#perPage = perPage;
  }
  readonly #fetchPage: PageFetcher<T>;
  readonly #perPage: number | undefined;

  /**
   * Whether another page exists. Decided without a request: by `total_pages` when
   * Cloudflare sends it, else by `total_count`, else by whether this page came back full.
   *
   * @example
   * ```ts
   * while (page.hasNextPage()) page = await page.getNextPage();
   * ```
   */
  hasNextPage(): boolean {
    return hasPageAfter(this.page, this.result.length, this.result_info, this.#perPage);
  }

  /**
   * Fetches the next page.
   *
   * @example
   * ```ts
   * const second = await first.getNextPage();
   * ```
   */
  async getNextPage(): Promise<Page<T>> {
    // The page asked for, not the one echoed in result_info: a stale echo must not repeat a page forever.
    const size = nextPageSize(this.result.length, this.result_info, this.#perPage);
    return loadPage(this.#fetchPage, this.page + 1, size);
  }

  /**
   * Walks page by page, from this page on.
   *
   * @example
   * ```ts
   * const first = await saas.customHostnames.list({ per_page: 1000 });
   * for await (const page of first.iterPages()) save(page.result);
   * ```
   */
  iterPages(): AsyncGenerator<Page<T>, void, undefined> {
    return pagesFrom(() => this);
  }

  /**
   * Every item of this page and of the pages after it, fetched as the loop gets to them (this
   * page is held until the walk ends; iterate `list()` itself to hold one page at a time).
   *
   * @example
   * ```ts
   * const first = await saas.customHostnames.list({ per_page: 1000 });
   * console.log(first.result_info.total_count);
   * for await (const host of first) console.log(host.hostname); // this page's, then the next pages'
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.iterPages()) yield* page.result;
  }
}

/**
 * The pages from the `first` one on. A page is not held while the next one loads (the caller
 * may be done with it); `first` is a function, so that the walk does not hold its promise.
 */
async function* pagesFrom<T>(first: () => Page<T> | Promise<Page<T>>): AsyncGenerator<Page<T>, void, undefined> {
  let page: Page<T> | undefined = await first();
  yield page;
  while (page.hasNextPage()) {
    const next = page.getNextPage();
    page = undefined;
    page = await next;
    yield page;
  }
}

/**
 * Whether a page follows page `page`, which held `count` items. Decided without a request: by
 * `total_pages` when Cloudflare sends it, else by the items seen against `total_count`, else by
 * whether the page came back full. `size` is the page size in force ({@link nextPageSize});
 * with none known (neither sent nor asked for) it stops: a server that ignores `page` must
 * not make a walk endless.
 */
function hasPageAfter(page: number, count: number, info: ResultInfo, size: number | undefined): boolean {
  if (count === 0) return false;
  if (typeof info.total_pages === 'number') return page < info.total_pages;
  const perPage = info.per_page || size;
  if (typeof info.total_count === 'number' && perPage) return (page - 1) * perPage + count < info.total_count;
  return perPage !== undefined && count >= perPage;
}

/**
 * The page size to count the next page with: Cloudflare's `per_page`, else the size asked
 * for, or the size of a page that came back shorter than that (a server that caps
 * `per_page` without saying so; `total_count` then still tells whether more follow).
 */
function nextPageSize(count: number, info: ResultInfo, size: number | undefined): number | undefined {
  if (info.per_page) return info.per_page;
  return size !== undefined && count > 0 && count < size ? count : size;
}

async function loadPage<T>(fetchPage: PageFetcher<T>, page: number, perPage: number | undefined): Promise<Page<T>> {
  const { result, resultInfo } = await fetchPage(page);
  return new Page(result, resultInfo ?? {}, page, fetchPage, perPage);
}

/**
 * What `list()` returns: a promise of the first page (`then`, `catch`, `finally`) that is also
 * an async iterable of every item across pages (fetched lazily, one page in memory at a time).
 *
 * @example
 * ```ts
 * const all: CustomHostname[] = [];
 * for await (const h of saas.customHostnames.list({ hostname_status: 'pending' })) all.push(h);
 * ```
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  #first: Promise<Page<T>> | undefined;
  readonly #fetchPage: PageFetcher<T>;
  readonly #startPage: number;
  readonly #perPage: number | undefined;

  constructor(fetchPage: PageFetcher<T>, startPage: number, perPage: number | undefined) {
    this.#fetchPage = fetchPage;
    this.#startPage = startPage;
    this.#perPage = perPage;
  }

  #firstPage(): Promise<Page<T>> {
    this.#first ??= loadPage(this.#fetchPage, this.#startPage, this.#perPage);
    return this.#first;
  }

  /**
   * Loads the first page (once, however often awaited): a page promise is awaited like a promise.
   *
   * @example
   * ```ts
   * const page = await saas.customHostnames.list({ per_page: 1000 });
   * page.result.length; page.hasNextPage();
   * ```
   */
  // biome-ignore lint/suspicious/noThenProperty: a page promise is awaited like a promise on purpose.
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /**
   * Handles a failure to load the first page, as a promise's `catch` does.
   *
   * @example
   * ```ts
   * const page = await saas.customHostnames.list({ per_page: 50 }).catch(() => undefined);
   * ```
   */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.#firstPage().catch(onrejected);
  }

  /**
   * Runs `onfinally` once the first page has loaded or failed, as a promise's `finally` does.
   *
   * @example
   * ```ts
   * const page = await saas.customHostnames.list().finally(() => spinner.stop());
   * ```
   */
  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.#firstPage().finally(onfinally);
  }

  /**
   * Walks page by page from the first page asked for.
   *
   * @example
   * ```ts
   * for await (const page of saas.customHostnames.list({ per_page: 1000 }).iterPages()) save(page.result);
   * ```
   */
  iterPages(): AsyncGenerator<Page<T>, void, undefined> {
    return pagesFrom(() => this.#first ?? loadPage(this.#fetchPage, this.#startPage, this.#perPage));
  }

  /**
   * Every item, page after page. Holds one page at a time and lets go of each item once it has
   * been handed over, so a walk of any length needs about one page of memory.
   *
   * @example
   * ```ts
   * for await (const host of saas.customHostnames.list({ per_page: 1000 })) console.log(host.hostname);
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    let size = this.#perPage;
    if (this.#first) {
      // An awaited first page belongs to whoever awaited it: read it, leave it whole.
      const first = await this.#first;
      yield* first.result;
      if (!first.hasNextPage()) return;
      size = nextPageSize(first.result.length, first.result_info, size);
    }
    let number = this.#first ? this.#startPage + 1 : this.#startPage;
    for (;;) {
      const { result, resultInfo } = await this.#fetchPage(number);
      const more = hasPageAfter(number, result.length, resultInfo ?? {}, size);
      size = nextPageSize(result.length, resultInfo ?? {}, size);
      // This array is the walk's own (no Page was made of it): reversed and popped, so each
      // item is released as it is handed over.
      result.reverse();
      while (result.length > 0) yield result.pop() as T;
      if (!more) return;
      number++;
    }
  }
}
