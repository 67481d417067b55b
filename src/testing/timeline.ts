interface Change<T> {
  at: number;
  seq: number;
  apply(before: T): T;
}

/**
 * A value with history: changes are kept in time order (ties in call order) and the value at
 * any instant is replayed from them, so a change can be scheduled for later and a check can
 * look at the past.
 *
 * @example
 * ```ts
 * const t = new Timeline<number>(0);
 * t.change(10, (v) => v + 1);
 * t.valueAt(5); // 0
 * t.valueAt(10); // 1
 * ```
 */
export class Timeline<T> {
  #changes: Change<T>[] = [];
  #seq = 0;

  constructor(readonly initial: T) {}

  /** Records a change that takes effect at `at`. @example `t.change(now, () => ['value'])` */
  change(at: number, apply: (before: T) => T): void {
    const entry = { at, seq: this.#seq++, apply };
    let index = this.#changes.length;
    while (index > 0 && (this.#changes[index - 1] as Change<T>).at > at) index--;
    this.#changes.splice(index, 0, entry);
  }

  /** The value at `at`. @example `t.valueAt(Date.now())` */
  valueAt(at: number): T {
    let value = this.initial;
    for (const entry of this.#changes) {
      if (entry.at > at) break;
      value = entry.apply(value);
    }
    return value;
  }
}
