/**
 * A binary min-heap ordered by a comparison function.
 *
 * @example
 * ```ts
 * const heap = new MinHeap<number>((a, b) => a - b);
 * heap.push(3); heap.push(1);
 * heap.pop(); // 1
 * ```
 */
export class MinHeap<T> {
  #items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  /** Number of items. @example `heap.size` */
  get size(): number {
    return this.#items.length;
  }

  /** The smallest item, left in place. @example `heap.peek()` */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** Adds an item. @example `heap.push(item)` */
  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i] as T, items[parent] as T) >= 0) break;
      [items[i], items[parent]] = [items[parent] as T, items[i] as T];
      i = parent;
    }
  }

  /** Removes and returns the smallest item. @example `heap.pop()` */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.compare(items[left] as T, items[smallest] as T) < 0) smallest = left;
        if (right < items.length && this.compare(items[right] as T, items[smallest] as T) < 0) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest] as T, items[i] as T];
        i = smallest;
      }
    }
    return top;
  }

  /** Removes every item. @example `heap.clear()` */
  clear(): void {
    this.#items = [];
  }
}
