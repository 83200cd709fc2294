import { describe, expect, it } from 'vitest';
import { AnomalyDetector } from '../src/report/AnomalyDetector';
import { trendTest } from '../src/report/trend';
import { mulberry32 } from '../src/generate/prng';

/** The team's existing rule, written out independently: above mean + 2σ of the previous `window` values (≥10). */
function classicFlags(values: number[], window: number, sampleSigma: boolean): boolean[] {
  return values.map((v, i) => {
    const prev = values.slice(Math.max(0, i - window), i);
    if (prev.length < 10) return false;
    const mean = prev.reduce((a, b) => a + b, 0) / prev.length;
    const ss = prev.reduce((a, b) => a + (b - mean) ** 2, 0);
    const sd = Math.sqrt(ss / (sampleSigma ? prev.length - 1 : prev.length));
    return v > mean + 2 * sd;
  });
}

function series(n: number, seed: number): number[] {
  const r = mulberry32(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // Log-normal-ish latency with occasional spikes and a burst of contamination in the middle.
    const base = 150 * Math.exp(0.25 * (r() + r() + r() - 1.5));
    const spike = r() < 0.03 ? 400 + 600 * r() : 0;
    const burst = i > 600 && i < 640 && r() < 0.5 ? 900 : 0;
    out.push(base + spike + burst);
  }
  return out;
}

describe('AnomalyDetector', () => {
  it.each([
    { window: 100, seed: 1 },
    { window: 100, seed: 2 },
    { window: 10, seed: 3 },
    { window: 37, seed: 4 },
  ])('flags every value the mean+2σ rule flags (window $window, seed $seed)', ({ window, seed }) => {
    const values = series(2000, seed);
    const detector = new AnomalyDetector({ windowSize: window, minSamples: 10 });
    const flagged = values.map((v) => detector.observe(v) !== undefined);
    for (const sampleSigma of [false, true]) {
      const classic = classicFlags(values, window, sampleSigma);
      const missed = classic.map((c, i) => (c && !flagged[i] ? i : -1)).filter((i) => i >= 0);
      expect(classic.filter(Boolean).length).toBeGreaterThan(20);
      expect(missed).toEqual([]);
    }
  });

  it('judges nothing before it has 10 samples', () => {
    const d = new AnomalyDetector();
    for (let i = 0; i < 10; i++) expect(d.observe(i === 9 ? 1e6 : 100 + i)).toBeUndefined();
    expect(d.observe(1e6)).toBeDefined();
  });

  it('still fires when earlier spikes have inflated σ and the classic rule goes blind', () => {
    const values: number[] = [];
    for (let i = 0; i < 90; i++) values.push(100 + (i % 10));
    for (let i = 0; i < 10; i++) values.push(3000);
    values.push(400);
    const classic = classicFlags(values, 100, false);
    expect(classic[100]).toBe(false);
    const d = new AnomalyDetector({ windowSize: 100 });
    let last;
    for (const v of values) last = d.observe(v);
    // 90 values 100..109 (nine each) and ten 3000s: the 50th and 51st sorted values are both 105.
    expect(last).toMatchObject({ rule: 'mad', value: 400, median: 105 });
  });

  it('reports median and MAD of the window exactly', () => {
    const d = new AnomalyDetector({ windowSize: 11, minSamples: 10 });
    const window = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100];
    for (const v of window) d.observe(v);
    const v = d.observe(1000);
    // median 6; |x-6| = 5,4,3,2,1,0,1,2,3,4,94 → MAD 3.
    expect(v).toMatchObject({ median: 6, mad: 3 });
    expect(v?.mean).toBeCloseTo(155 / 11, 10);
  });
});

describe('trendTest', () => {
  it('finds a slow monotonic rise despite noise and outliers', () => {
    const r = mulberry32(9);
    const values = Array.from({ length: 24 }, (_, i) => 2000 + 20 * i + 150 * (r() - 0.5) + (i === 5 ? 3000 : 0));
    const t = trendTest(values);
    expect(t.z).toBeGreaterThan(1.96);
    expect(t.slope).toBeGreaterThan(10);
    expect(t.slope).toBeLessThan(30);
  });

  it('calls flat noise flat', () => {
    const r = mulberry32(10);
    const t = trendTest(Array.from({ length: 24 }, () => 2000 + 100 * r()));
    expect(Math.abs(t.z)).toBeLessThan(1.96);
  });
});
