import type { EndedSpan } from './TraceState';

/** Milliseconds of [from, to] covered by the union of the intervals (overlaps counted once). */
export function coveredMs(intervals: Array<[number, number]>, from: number, to: number): number {
  if (intervals.length === 0) return 0;
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [s0, e0] of intervals) {
    const s = Math.max(s0, from);
    const e = Math.min(e0, to);
    if (e <= s) continue;
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) {
      curEnd = e;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/**
 * Wall-clock time per component within the root's interval. Nested or parallel spans of one
 * component (an SDK span inside our Bedrock span, two cache reads at once) count once; self-time
 * components contribute their own time.
 */
export function componentTimes(ended: readonly EndedSpan[], from: number, to: number): Map<string, number> {
  const intervals = new Map<string, Array<[number, number]>>();
  const self = new Map<string, number>();
  for (const e of ended) {
    if (e.component === undefined) continue;
    if (e.selfMs !== undefined) {
      self.set(e.component, (self.get(e.component) ?? 0) + e.selfMs);
      continue;
    }
    let list = intervals.get(e.component);
    if (list === undefined) intervals.set(e.component, (list = []));
    list.push([e.startMs, e.endMs]);
  }
  const result = new Map<string, number>(self);
  for (const [component, list] of intervals) {
    result.set(component, (result.get(component) ?? 0) + coveredMs(list, from, to));
  }
  return result;
}
