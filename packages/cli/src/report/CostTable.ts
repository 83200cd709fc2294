import type { CostRow } from './Report';

/**
 * Tokens and cost per key. With a `capacity`, the table prunes to its costliest `capacity` rows when
 * it reaches twice that, so the heavy hitters stay exact-ish while memory stays bounded.
 */
export class CostTable {
  private rows = new Map<string, CostRow>();
  private pruned = false;

  constructor(private readonly capacity = Infinity) {}

  add(key: string, input: number, output: number, cacheRead: number, cacheWrite: number, usd: number): void {
    let r = this.rows.get(key);
    if (r === undefined) {
      if (this.rows.size >= this.capacity * 2) this.prune();
      r = { key, calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 };
      this.rows.set(key, r);
    }
    r.calls++;
    r.inputTokens += input;
    r.outputTokens += output;
    r.cacheReadTokens += cacheRead;
    r.cacheWriteTokens += cacheWrite;
    r.costUsd += usd;
  }

  get approximate(): boolean {
    return this.pruned;
  }

  /** Costliest first (ties by calls, then key, so output is stable). */
  top(n = Infinity): CostRow[] {
    return [...this.rows.values()]
      .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.key.localeCompare(b.key))
      .slice(0, n)
      .map((r) => ({ ...r }));
  }

  private prune(): void {
    this.pruned = true;
    this.rows = new Map(this.top(this.capacity).map((r) => [r.key, r]));
  }
}
