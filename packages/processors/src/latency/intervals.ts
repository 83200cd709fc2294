import type { EndedSpans } from './TraceState';

/**
 * Reusable scratch space for interval unions. A request's root computes several unions per
 * request; arrays of [start, end] pairs allocated for each were a measurable share of the
 * processors' garbage. Not re-entrant: one per processor, used synchronously.
 */
export class IntervalScratch {
  starts = new Float64Array(16);
  ends = new Float64Array(16);
  count = 0;

  reset(): void {
    this.count = 0;
  }

  add(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Float64Array(this.count * 2);
      const ends = new Float64Array(this.count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  /**
   * Milliseconds of [from, to] covered by the union of the added intervals (overlaps counted
   * once). Insertion sort: a request's intervals are few and usually already in start order.
   */
  coveredMs(from: number, to: number): number {
    const { starts, ends, count } = this;
    for (let i = 1; i < count; i++) {
      const s = starts[i]!;
      const e = ends[i]!;
      let j = i - 1;
      while (j >= 0 && starts[j]! > s) {
        starts[j + 1] = starts[j]!;
        ends[j + 1] = ends[j]!;
        j--;
      }
      starts[j + 1] = s;
      ends[j + 1] = e;
    }
    let total = 0;
    let curStart = -Infinity;
    let curEnd = -Infinity;
    for (let i = 0; i < count; i++) {
      const s = Math.max(starts[i]!, from);
      const e = Math.min(ends[i]!, to);
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
}

/** Milliseconds of [from, to] covered by the union of the intervals (overlaps counted once). */
export function coveredMs(intervals: Array<[number, number]>, from: number, to: number): number {
  const scratch = new IntervalScratch();
  for (const [s, e] of intervals) scratch.add(s, e);
  return scratch.coveredMs(from, to);
}

/**
 * Wall-clock time per component within the root's interval, written to `components`/`ms` (cleared
 * first). Nested or parallel spans of one component (an SDK span inside our Bedrock span, two
 * cache reads at once) count once; self-time components contribute their own time. A request has
 * a handful of spans, so a quadratic scan with no per-component allocations beats building maps
 * (measured on the benchmark).
 */
export function componentTimesInto(
  ended: EndedSpans,
  from: number,
  to: number,
  scratch: IntervalScratch,
  components: string[],
  ms: number[],
): void {
  components.length = 0;
  ms.length = 0;
  const { components: spanComponents, selfMs, startMs, endMs } = ended;
  const n = spanComponents.length;
  for (let i = 0; i < n; i++) {
    const component = spanComponents[i];
    if (component === undefined || components.includes(component)) continue;
    let self = 0;
    scratch.reset();
    for (let j = i; j < n; j++) {
      if (spanComponents[j] !== component) continue;
      const own = selfMs[j]!;
      if (!Number.isNaN(own)) self += own;
      else scratch.add(startMs[j]!, endMs[j]!);
    }
    components.push(component);
    ms.push(self + scratch.coveredMs(from, to));
  }
}

/** {@link componentTimesInto} as [component, ms] pairs. */
export function componentTimes(ended: EndedSpans, from: number, to: number): Array<[string, number]> {
  const components: string[] = [];
  const ms: number[] = [];
  componentTimesInto(ended, from, to, new IntervalScratch(), components, ms);
  return components.map((c, i) => [c, ms[i]!]);
}
