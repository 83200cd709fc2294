export interface WindowSeriesOptions<T> {
  /** Initial window width in ms. */
  widthMs: number;
  /** Windows kept before the width doubles and neighbours merge (bounds memory on long inputs). */
  maxWindows: number;
  create: () => T;
  /** Folds `from` into `into` when windows coarsen. */
  merge: (into: T, from: T) => void;
}

/**
 * Values bucketed by fixed time windows. Input need not be time-ordered. When an input spans more
 * than `maxWindows` windows, the width doubles and neighbouring windows merge, so memory is bounded
 * by `maxWindows` whatever the time range.
 */
export class WindowSeries<T> {
  private widthMs: number;
  private windows = new Map<number, T>();

  constructor(private readonly options: WindowSeriesOptions<T>) {
    this.widthMs = options.widthMs;
  }

  get width(): number {
    return this.widthMs;
  }

  /** The window holding time `ms`, created on first use. */
  at(ms: number): T {
    const key = Math.floor(ms / this.widthMs);
    let w = this.windows.get(key);
    if (w === undefined) {
      if (this.windows.size >= this.options.maxWindows) {
        this.coarsen();
        return this.at(ms);
      }
      w = this.options.create();
      this.windows.set(key, w);
    }
    return w;
  }

  /** Forces the width (used to align several series after one of them coarsened). */
  coarsenTo(widthMs: number): void {
    while (this.widthMs < widthMs) this.coarsen();
  }

  /** Windows in time order with their start times. */
  entries(): { startMs: number; value: T }[] {
    return [...this.windows.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([k, value]) => ({ startMs: k * this.widthMs, value }));
  }

  private coarsen(): void {
    const old = this.windows;
    this.widthMs *= 2;
    this.windows = new Map();
    for (const [k, v] of [...old.entries()].sort((a, b) => a[0] - b[0])) {
      const nk = Math.floor(k / 2);
      const existing = this.windows.get(nk);
      if (existing === undefined) this.windows.set(nk, v);
      else this.options.merge(existing, v);
    }
  }
}
