import { DDSketch } from '@datadog/sketches-js';

/** Relative accuracy of the latency sketch: beyond the exact limit, percentiles are within 0.5%. */
export const SKETCH_RELATIVE_ACCURACY = 0.005;
/** Samples kept exactly (8 bytes each) before percentiles come from the sketch alone. */
export const DEFAULT_EXACT_LIMIT = 65_536;

/**
 * Percentiles of one latency series: exact (nearest rank, the value at floor(q·(n−1))) while the
 * series is small enough to keep, which covers most incident-sized inputs, then DDSketch with 0.5%
 * relative accuracy in bounded memory.
 */
export class LatencyDistribution {
  private readonly sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
  private exact: Float64Array | undefined = new Float64Array(256);
  private sorted = true;
  private max = -Infinity;
  private sum = 0;

  constructor(private readonly exactLimit = DEFAULT_EXACT_LIMIT) {}

  accept(v: number): void {
    const n = this.sketch.count;
    this.sketch.accept(v);
    if (v > this.max) this.max = v;
    this.sum += v;
    if (this.exact === undefined) return;
    if (n >= this.exactLimit) {
      this.exact = undefined;
      return;
    }
    if (n === this.exact.length) {
      const grown = new Float64Array(Math.min(this.exactLimit, n * 2));
      grown.set(this.exact);
      this.exact = grown;
    }
    this.exact[n] = v;
    this.sorted = false;
  }

  get count(): number {
    return this.sketch.count;
  }

  /** True while percentiles are exact. */
  get isExact(): boolean {
    return this.exact !== undefined;
  }

  quantile(q: number): number {
    const n = this.sketch.count;
    if (n === 0) return 0;
    if (this.exact === undefined) return this.sketch.getValueAtQuantile(q);
    if (!this.sorted) {
      this.exact.subarray(0, n).sort();
      this.sorted = true;
    }
    return this.exact[Math.floor(q * (n - 1))] as number;
  }

  get maxValue(): number {
    return this.sketch.count > 0 ? this.max : 0;
  }

  get mean(): number {
    return this.sketch.count > 0 ? this.sum / this.sketch.count : 0;
  }
}
