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
 * components contribute their own time. A request has a handful of spans, so a quadratic scan
 * with no per-component allocations beats building maps (measured on the benchmark).
 */
export function componentTimes(ended: EndedSpans, from: number, to: number): Array<[string, number]> {
  const { components, selfMs, startMs, endMs } = ended;
  const n = components.length;
  const result: Array<[string, number]> = [];
  for (let i = 0; i < n; i++) {
    const component = components[i];
    if (component === undefined) continue;
    let seen = false;
    for (let r = 0; r < result.length; r++) {
      if (result[r]![0] === component) {
        seen = true;
        break;
      }
    }
    if (seen) continue;
    let self = 0;
    let intervals: Array<[number, number]> | undefined;
    let single: [number, number] | undefined;
    for (let j = i; j < n; j++) {
      if (components[j] !== component) continue;
      const own = selfMs[j]!;
      if (!Number.isNaN(own)) self += own;
      else if (single === undefined) single = [startMs[j]!, endMs[j]!];
      else (intervals ??= [single]).push([startMs[j]!, endMs[j]!]);
    }
    let covered = 0;
    if (intervals !== undefined) covered = coveredMs(intervals, from, to);
    else if (single !== undefined) covered = Math.max(0, Math.min(single[1], to) - Math.max(single[0], from));
    result.push([component, self + covered]);
  }
  return result;
}
