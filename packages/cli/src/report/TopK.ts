/**
 * The k items with the highest score seen so far, in O(k) memory. k is small (≤ 100) in every use,
 * so a sorted array beats a heap in both code and speed.
 */
export class TopK<T> {
  private readonly items: { item: T; score: number }[] = [];

  constructor(private readonly k: number, private readonly scoreOf: (item: T) => number) {}

  /** Whether an item with this score would be kept; lets callers skip building the item. */
  wouldKeep(score: number): boolean {
    if (this.items.length < this.k) return true;
    const last = this.items[this.items.length - 1];
    return last === undefined || score > last.score;
  }

  offer(item: T): void {
    const score = this.scoreOf(item);
    if (!this.wouldKeep(score)) return;
    let i = this.items.length;
    while (i > 0 && (this.items[i - 1] as { score: number }).score < score) i--;
    this.items.splice(i, 0, { item, score });
    if (this.items.length > this.k) this.items.pop();
  }

  /** Highest score first. */
  sorted(): T[] {
    return this.items.map((e) => e.item);
  }
}
