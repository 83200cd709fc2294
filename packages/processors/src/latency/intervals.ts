import type { EndedSpans } from './TraceState';

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
export function componentTimes(ended: EndedSpans, from: number, to: number): Map<string, number> {
  const intervals = new Map<string, Array<[number, number]>>();
  const result = new Map<string, number>();
  for (let i = 0; i < ended.components.length; i++) {
    const component = ended.components[i];
    if (component === undefined) continue;
    const self = ended.selfMs[i]!;
    if (!Number.isNaN(self)) {
      result.set(component, (result.get(component) ?? 0) + self);
      continue;
    }
    let list = intervals.get(component);
    if (list === undefined) intervals.set(component, (list = []));
    list.push([ended.startMs[i]!, ended.endMs[i]!]);
  }
  for (const [component, list] of intervals) {
    result.set(component, (result.get(component) ?? 0) + coveredMs(list, from, to));
  }
  return result;
}
