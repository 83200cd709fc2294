import type { LatencyTrend, Report, WindowAnomaly } from './Report';
import { medianMad, trendTest } from './trend';

/** Robust z above which a window's p99 is reported against the other windows' median. */
const WINDOW_ANOMALY_Z = 3.5;
const MAD_TO_SIGMA = 1.4826;
/** A p99 trend is reported when significant and at least this relative rise over the input. */
const MIN_TREND_RISE = 0.1;
/** The name the end-to-end (root span) series goes by in anomalies and trends. */
export const REQUEST_SERIES = 'request';

/**
 * Tests over the per-window p99 of each component (windows with at least `minSamples` spans, and at
 * least 4 windows): windows far above the others (median + 3.5 robust σ), and a monotonic trend
 * (Mann–Kendall z beyond ±1.96 with a Theil–Sen rise of at least 10% of the median), which is how a
 * slow creep shows that no single window or span reveals.
 */
export function windowStatistics(
  windows: Report['timeline']['windows'],
  components: readonly string[],
  widthMs: number,
  minSamples: number,
): { windowAnomalies: WindowAnomaly[]; trends: LatencyTrend[] } {
  const windowAnomalies: WindowAnomaly[] = [];
  const trends: LatencyTrend[] = [];
  // End to end first: a creep spread thinly over several components may only show in the total.
  const series: { component: string; points: { startMs: number; p99Ms: number }[] }[] = [
    {
      component: REQUEST_SERIES,
      points: windows.filter((w) => w.requests >= minSamples && w.requestP99Ms !== null).map((w) => ({ startMs: w.startMs, p99Ms: w.requestP99Ms as number })),
    },
    ...components.map((component) => ({
      component,
      points: windows.flatMap((w) => {
        const stats = w.components[component];
        return stats !== undefined && stats.count >= minSamples ? [{ startMs: w.startMs, p99Ms: stats.p99Ms }] : [];
      }),
    })),
  ];
  for (const { component, points } of series) {
    if (points.length < 4) continue;
    const p99s = points.map((p) => p.p99Ms);
    const { median, mad } = medianMad(p99s);
    const threshold = median + WINDOW_ANOMALY_Z * MAD_TO_SIGMA * mad;
    if (mad > 0) {
      for (const p of points) {
        if (p.p99Ms > threshold) {
          windowAnomalies.push({ component, windowStartMs: p.startMs, p99Ms: p.p99Ms, baselineP99Ms: median, thresholdMs: threshold });
        }
      }
    }
    const t = trendTest(p99s);
    const first = p99s[0] as number;
    const last = p99s[p99s.length - 1] as number;
    const rise = t.slope * (p99s.length - 1);
    const base = Math.max(median, 1e-9);
    const direction = t.z > 1.96 && rise / base >= MIN_TREND_RISE ? 'increasing' : t.z < -1.96 && -rise / base >= MIN_TREND_RISE ? 'decreasing' : 'stable';
    if (direction === 'stable') continue;
    trends.push({
      component,
      metric: 'p99',
      direction,
      z: t.z,
      slopeMsPerHour: (t.slope * 3_600_000) / widthMs,
      firstP99Ms: first,
      lastP99Ms: last,
      windows: p99s.length,
    });
  }
  return { windowAnomalies, trends };
}
