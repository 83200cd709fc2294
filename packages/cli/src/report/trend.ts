/** Result of a Mann–Kendall trend test with the Theil–Sen slope. */
export interface TrendTest {
  /** Standardised Mann–Kendall statistic (continuity-corrected); > 1.96 is an increasing trend at 5%. */
  z: number;
  /** Median of pairwise slopes, in value units per index step (robust to outliers). */
  slope: number;
  n: number;
}

/**
 * Mann–Kendall test for a monotonic trend plus the Theil–Sen slope. Both are rank/median based, so a
 * few outlying windows neither fake nor hide a slow creep. O(n²) — called on window series (hundreds).
 */
export function trendTest(values: readonly number[]): TrendTest {
  const n = values.length;
  if (n < 3) return { z: 0, slope: 0, n };
  let s = 0;
  const slopes: number[] = [];
  const ties = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const vi = values[i] as number;
    ties.set(vi, (ties.get(vi) ?? 0) + 1);
    for (let j = i + 1; j < n; j++) {
      const d = (values[j] as number) - vi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
      slopes.push(d / (j - i));
    }
  }
  let tieTerm = 0;
  for (const t of ties.values()) if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  slopes.sort((a, b) => a - b);
  const m = slopes.length >>> 1;
  const slope = slopes.length % 2 === 1 ? (slopes[m] as number) : ((slopes[m - 1] as number) + (slopes[m] as number)) / 2;
  return { z, slope, n };
}

/** Median and MAD of a small array (copied, not mutated). */
export function medianMad(values: readonly number[]): { median: number; mad: number } {
  const med = median(values);
  return { median: med, mad: median(values.map((v) => Math.abs(v - med))) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >>> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
