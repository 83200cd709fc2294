/** Why a value was flagged. */
export interface AnomalyVerdict {
  value: number;
  /** Mean and population standard deviation of the preceding window. */
  mean: number;
  std: number;
  /** Median and MAD (median absolute deviation) of the preceding window. */
  median: number;
  mad: number;
  /** The lower of the two thresholds the value exceeded. */
  thresholdMs: number;
  /** `sigma`: above mean + kσ; `mad`: above median + k·1.4826·MAD; `both`. */
  rule: 'sigma' | 'mad' | 'both';
  /** Robust z-score (value − median) / (1.4826·MAD), or the σ z-score when MAD is 0. */
  score: number;
}

export interface AnomalyDetectorOptions {
  /** Samples in the sliding window (default 100). */
  windowSize?: number;
  /** Samples the window must hold before anything is judged (default 10). */
  minSamples?: number;
  /** σ multiple of the classic rule (default 2). */
  sigma?: number;
  /** Robust-z threshold against median/MAD (default 3.5, the Iglewicz–Hoaglin cut-off). */
  madThreshold?: number;
}

const MAD_TO_SIGMA = 1.4826;

/**
 * Point anomalies in one component's latency, judged against the previous `windowSize` samples.
 * A value is anomalous when it is above mean + 2σ of the window (the team's existing rule, kept so
 * nothing it caught is lost) or above median + 3.5 robust σ (MAD). The robust rule still fires
 * after earlier spikes have inflated σ, which is exactly when the classic rule goes blind.
 */
export class AnomalyDetector {
  private readonly size: number;
  private readonly minSamples: number;
  private readonly sigma: number;
  private readonly madThreshold: number;
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private count = 0;
  private head = 0;
  private sum = 0;
  private sumSq = 0;
  private sinceResum = 0;

  constructor(options: AnomalyDetectorOptions = {}) {
    this.size = Math.max(2, Math.floor(options.windowSize ?? 100));
    this.minSamples = Math.max(2, Math.floor(options.minSamples ?? 10));
    this.sigma = options.sigma ?? 2;
    this.madThreshold = options.madThreshold ?? 3.5;
    this.ring = new Float64Array(this.size);
    this.sorted = new Float64Array(this.size);
  }

  /** Judges `value` against the window, then adds it to the window. */
  observe(value: number): AnomalyVerdict | undefined {
    let verdict: AnomalyVerdict | undefined;
    if (this.count >= this.minSamples) verdict = this.judge(value);
    this.push(value);
    return verdict;
  }

  private judge(value: number): AnomalyVerdict | undefined {
    const n = this.count;
    const mean = this.sum / n;
    const std = Math.sqrt(Math.max(0, this.sumSq / n - mean * mean));
    const sigmaThreshold = mean + this.sigma * std;
    // A value at or below the median cannot pass the robust threshold, so the MAD is skipped for it.
    const median = this.median();
    const aboveSigma = value > sigmaThreshold && std > 0;
    if (!aboveSigma && value <= median) return undefined;
    if (!aboveSigma && this.clearlyBelowMadThreshold(value, median)) return undefined;
    const mad = this.mad(median);
    const robustSigma = MAD_TO_SIGMA * mad;
    const madThreshold = median + this.madThreshold * robustSigma;
    const aboveMad = robustSigma > 0 && value > madThreshold;
    if (!aboveSigma && !aboveMad) return undefined;
    const score = robustSigma > 0 ? (value - median) / robustSigma : std > 0 ? (value - mean) / std : 0;
    return {
      value, mean, std, median, mad,
      thresholdMs: aboveSigma && aboveMad ? Math.min(sigmaThreshold, madThreshold) : aboveSigma ? sigmaThreshold : madThreshold,
      rule: aboveSigma && aboveMad ? 'both' : aboveSigma ? 'sigma' : 'mad',
      score,
    };
  }

  private push(value: number): void {
    if (this.count === this.size) {
      const old = this.ring[this.head] as number;
      this.sum -= old;
      this.sumSq -= old * old;
      this.removeSorted(old);
      this.count--;
    }
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.size;
    this.sum += value;
    this.sumSq += value * value;
    this.insertSorted(value);
    this.count++;
    // Running sums drift after many add/subtract cycles; recompute them exactly now and then.
    if (++this.sinceResum >= 4096) {
      this.sinceResum = 0;
      let s = 0;
      let sq = 0;
      for (let i = 0; i < this.count; i++) {
        const v = this.sorted[i] as number;
        s += v;
        sq += v * v;
      }
      this.sum = s;
      this.sumSq = sq;
    }
  }

  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertSorted(value: number): void {
    const i = this.lowerBound(value);
    this.sorted.copyWithin(i + 1, i, this.count);
    this.sorted[i] = value;
  }

  private removeSorted(value: number): void {
    const i = this.lowerBound(value);
    this.sorted.copyWithin(i, i + 1, this.count);
  }

  private median(): number {
    const n = this.count;
    const m = n >>> 1;
    return n % 2 === 1 ? (this.sorted[m] as number) : ((this.sorted[m - 1] as number) + (this.sorted[m] as number)) / 2;
  }

  /**
   * Whether `value` is certainly not above median + k·1.4826·MAD, settled without the MAD itself:
   * for a deviation bound T with threshold(T) ≥ value, MAD ≥ T follows from counting the
   * deviations below T (two binary searches), and the threshold only grows with the MAD. Most
   * values above the median are nowhere near the robust threshold, and the MAD merge is linear in
   * the window, so this keeps it for the few that are. False means "compute it".
   */
  private clearlyBelowMadThreshold(value: number, median: number): boolean {
    const t = ((value - median) / (this.madThreshold * MAD_TO_SIGMA)) * (1 + 1e-9);
    if (!(t > 0) || !(median + this.madThreshold * (MAD_TO_SIGMA * t) >= value)) return false;
    const n = this.count;
    const s = this.sorted;
    const mid = this.lowerBound(median);
    // Deviations of the left side (median − x) shrink towards mid: the first index still below t.
    let lo = 0;
    let hi = mid;
    while (lo < hi) {
      const k = (lo + hi) >>> 1;
      if (median - (s[k] as number) < t) hi = k;
      else lo = k + 1;
    }
    let below = mid - lo;
    // Deviations of the right side (x − median) grow from mid: the first index at or above t.
    lo = mid;
    hi = n;
    while (lo < hi) {
      const k = (lo + hi) >>> 1;
      if ((s[k] as number) - median < t) lo = k + 1;
      else hi = k;
    }
    below += lo - mid;
    // MAD is the middle deviation (odd n) or the mean of the two middle ones (even n).
    const m = n >>> 1;
    return n % 2 === 1 ? below <= m : below <= m - 1;
  }

  /**
   * Median of |x − median| by merging the two already-sorted sides outward from the middle: linear
   * in the window, which is why judge() first tries clearlyBelowMadThreshold().
   */
  private mad(median: number): number {
    const n = this.count;
    const s = this.sorted;
    let left = this.lowerBound(median) - 1;
    let right = left + 1;
    const m = n >>> 1;
    let prev = 0;
    let at = 0;
    for (let i = 0; i <= m; i++) {
      const dl = left >= 0 ? median - (s[left] as number) : Infinity;
      const dr = right < n ? (s[right] as number) - median : Infinity;
      prev = at;
      if (dl <= dr) {
        left--;
        at = dl;
      } else {
        right++;
        at = dr;
      }
    }
    return n % 2 === 1 ? at : (prev + at) / 2;
  }
}
