/**
 * Strings made from ASCII byte ranges, remembered by hash: the components, statuses, models,
 * sessions and users of a trace file repeat endlessly, and a hit costs a compare instead of an
 * allocation (and hands the aggregation the same string object, whose hash V8 has already cached).
 * One string per slot, so memory stays bounded whatever the input.
 */
export class StringCache {
  private readonly strings: (string | undefined)[];
  private readonly mask: number;

  constructor(size = 4096) {
    const n = 1 << Math.ceil(Math.log2(Math.max(2, size)));
    this.strings = new Array<string | undefined>(n).fill(undefined);
    this.mask = n - 1;
  }

  /** The string of the ASCII bytes `[start, end)` of `b`, whose {@link byteHash} is `hash`. */
  get(b: Buffer, start: number, end: number, hash: number): string {
    const slot = hash & this.mask;
    const cached = this.strings[slot];
    const len = end - start;
    if (cached !== undefined && cached.length === len) {
      let k = 0;
      while (k < len && cached.charCodeAt(k) === b[start + k]) k++;
      if (k === len) return cached;
    }
    const s = b.latin1Slice(start, end);
    this.strings[slot] = s;
    return s;
  }
}

/**
 * The hash of a key or value: its length and five bytes sampled from both ends and the middle.
 * O(1) instead of a multiply per byte; it tells our keys and the ids, sessions and models of real
 * telemetry apart well, and a collision costs a byte comparison or a cache miss, never a wrong answer.
 */
export function byteHash(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const len = end - start;
  if (len <= 0) return 0;
  const last = end - 1;
  let h = Math.imul(len ^ (bytes[start] as number), 16777619);
  h = Math.imul(h ^ (bytes[last] as number), 16777619);
  h = Math.imul(h ^ (bytes[last - (len >> 2)] as number), 16777619);
  h = Math.imul(h ^ (bytes[last - (len >> 1)] as number), 16777619);
  h = Math.imul(h ^ (bytes[start + (len >> 3)] as number), 16777619);
  return h ^ (h >>> 15);
}

declare global {
  interface Buffer {
    /**
     * Undocumented but long-standing (it is what `toString('latin1', …)` calls, minus the argument
     * checks); about a third faster for the short strings decoded here.
     */
    latin1Slice(start: number, end: number): string;
  }
}
