export type Trend = 'increasing' | 'stable' | 'decreasing';

export interface ErrorTrendOptions {
  /** Length of one window, ms; the latest window is compared with the one before. */
  windowMs: number;
  /** Sub-buckets per window; the windows slide by one bucket. */
  bucketsPerWindow?: number;
  /** Change below this many occurrences is `stable`, however large the ratio. */
  minChange?: number;
  /** Ratio between the windows that counts as a change. */
  ratio?: number;
  now?: () => number;
}

/**
 * Counts per key in fixed time buckets covering two sliding windows. Memory is two windows of
 * buckets per key; keys are catalogue ids, so bounded by the catalogue.
 */
export class ErrorTrend {
  private readonly bucketMs: number;
  private readonly buckets: number;
  private readonly minChange: number;
  private readonly ratio: number;
  private readonly now: () => number;
  private readonly counts = new Map<string, { ring: number[]; lastBucket: number }>();

  constructor(options: ErrorTrendOptions) {
    const perWindow = options.bucketsPerWindow ?? 5;
    this.bucketMs = Math.max(1, options.windowMs / perWindow);
    this.buckets = perWindow * 2;
    this.minChange = options.minChange ?? 3;
    this.ratio = options.ratio ?? 1.5;
    this.now = options.now ?? Date.now;
  }

  add(key: string): void {
    const bucket = Math.floor(this.now() / this.bucketMs);
    let entry = this.counts.get(key);
    if (entry === undefined) {
      entry = { ring: new Array<number>(this.buckets).fill(0), lastBucket: bucket };
      this.counts.set(key, entry);
    }
    this.advance(entry, bucket);
    entry.ring[bucket % this.buckets]! += 1;
  }

  /** Occurrences in the latest and the previous window. */
  windows(key: string): { current: number; previous: number } {
    const entry = this.counts.get(key);
    if (entry === undefined) return { current: 0, previous: 0 };
    const bucket = Math.floor(this.now() / this.bucketMs);
    this.advance(entry, bucket);
    const half = this.buckets / 2;
    let current = 0;
    let previous = 0;
    for (let i = 0; i < this.buckets; i++) {
      const count = entry.ring[(bucket - i + this.buckets * 2) % this.buckets]!;
      if (i < half) current += count;
      else previous += count;
    }
    return { current, previous };
  }

  trend(key: string): Trend {
    const { current, previous } = this.windows(key);
    if (current - previous >= this.minChange && current >= previous * this.ratio) return 'increasing';
    if (previous - current >= this.minChange && previous >= current * this.ratio) return 'decreasing';
    return 'stable';
  }

  keys(): IterableIterator<string> {
    return this.counts.keys();
  }

  /** Zeroes the buckets that passed since the entry was last touched. */
  private advance(entry: { ring: number[]; lastBucket: number }, bucket: number): void {
    const steps = Math.min(bucket - entry.lastBucket, this.buckets);
    for (let i = 1; i <= steps; i++) entry.ring[(entry.lastBucket + i) % this.buckets] = 0;
    if (bucket > entry.lastBucket) entry.lastBucket = bucket;
  }
}
