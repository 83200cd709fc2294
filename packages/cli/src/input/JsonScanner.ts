import { byteHash, StringCache } from './StringCache';

/** Flags of the last string scanned: it had a backslash escape / a byte above 0x7F. */
export const ESCAPED = 1;
export const NON_ASCII = 2;

/**
 * A validating scanner over one JSON line in a byte buffer, the base of the byte decoders.
 * Positions are byte offsets; each method returns the offset just past what it read, or -1 when the
 * bytes are not JSON (or not JSON the fast path takes: the caller then leaves the whole line to
 * JSON.parse, which decides). Lines are cut at `\n` and `\r`, so inside a line JSON whitespace is
 * only space and tab, and the terminator that follows every line in the buffer stops every scan
 * (it is not valid in any token): no bounds checks.
 */
export class JsonScanner {
  protected b: Buffer = Buffer.alloc(1, 0x0a);
  /** `b` as a DataView, for word compares (see ByteLiteral). */
  protected view = new DataView(this.b.buffer, this.b.byteOffset, this.b.length);
  /** Set by string()/hashedString(): {@link ESCAPED}, {@link NON_ASCII}. */
  protected flags = 0;
  /** Set by hashedString(): the {@link byteHash} of the bytes between the quotes. */
  protected hash = 0;
  /** Set by open()/after(): the object or array just closed. */
  protected done = false;
  private stack = new Uint8Array(64);
  private readonly cache = new StringCache(4096);

  /** Scans `b` from now on. */
  protected use(b: Buffer): void {
    if (b === this.b) return;
    this.b = b;
    this.view = new DataView(b.buffer, b.byteOffset, b.length);
  }

  protected ws(i: number): number {
    const b = this.b;
    let c = b[i];
    while (c === 0x20 || c === 0x09) c = b[++i];
    return i;
  }

  /** At `{` or `[`: the first member's offset, or past the closer (then `done`) when empty. */
  protected open(i: number, close: number): number {
    i = this.ws(i + 1);
    this.done = this.b[i] === close;
    return this.done ? i + 1 : i;
  }

  /** After a member: the next member's offset, or past `close` (then `done`). */
  protected after(i: number, close: number): number {
    i = this.ws(i);
    const c = this.b[i];
    if (c === 0x2c) {
      this.done = false;
      return this.ws(i + 1);
    }
    if (c === close) {
      this.done = true;
      return i + 1;
    }
    return -1;
  }

  /** At the opening quote; sets `flags`. */
  protected string(i: number): number {
    const b = this.b;
    let flags = 0;
    i++;
    for (;;) {
      const c = b[i] as number;
      if (c >= 0x23) {
        if (c === 0x5c) {
          i = this.escape(i);
          if (i < 0) return -1;
          flags |= ESCAPED;
          continue;
        }
        if (c > 0x7f) flags |= NON_ASCII;
      } else if (c === 0x22) {
        this.flags = flags;
        return i + 1;
      } else if (c < 0x20) {
        return -1;
      }
      i++;
    }
  }

  /** {@link string}, also setting `hash` (for keys and for values that may repeat). */
  protected hashedString(i: number): number {
    const end = this.string(i);
    if (end >= 0) this.hash = byteHash(this.b, i + 1, end - 1);
    return end;
  }

  /** At a backslash inside a string. */
  private escape(i: number): number {
    const c = this.b[i + 1];
    if (c === 0x75) {
      for (let k = i + 2; k < i + 6; k++) if (!isHex(this.b[k] as number)) return -1;
      return i + 6;
    }
    return c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74 ? i + 2 : -1;
  }

  /** A number token, by the JSON grammar. */
  protected number(i: number): number {
    const b = this.b;
    let c = b[i] as number;
    if (c === 0x2d) c = b[++i] as number;
    if (c === 0x30) c = b[++i] as number;
    else if (c >= 0x31 && c <= 0x39) do c = b[++i] as number; while (c >= 0x30 && c <= 0x39);
    else return -1;
    if (c === 0x2e) {
      c = b[++i] as number;
      if (c < 0x30 || c > 0x39) return -1;
      do c = b[++i] as number; while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45) {
      c = b[++i] as number;
      if (c === 0x2b || c === 0x2d) c = b[++i] as number;
      if (c < 0x30 || c > 0x39) return -1;
      do c = b[++i] as number; while (c >= 0x30 && c <= 0x39);
    }
    return i;
  }

  /** `true`, `false` or `null` at `i`. */
  protected literal(i: number): number {
    const b = this.b;
    const c = b[i];
    if (c === 0x74) return b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : -1;
    if (c === 0x66) return b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65 ? i + 5 : -1;
    if (c === 0x6e) return b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c ? i + 4 : -1;
    return -1;
  }

  /** Any value, validated and skipped without building anything. Iterative: depth is not limited by the stack. */
  protected skip(i: number): number {
    const b = this.b;
    let depth = 0;
    for (;;) {
      // A value starts at i.
      let c = b[i] as number;
      if (c === 0x22) {
        i = this.string(i);
      } else if (c === 0x7b || c === 0x5b) {
        const close = c === 0x7b ? 0x7d : 0x5d;
        i = this.ws(i + 1);
        if (b[i] === close) {
          i++;
        } else {
          if (depth === this.stack.length) {
            const grown = new Uint8Array(depth * 2);
            grown.set(this.stack);
            this.stack = grown;
          }
          this.stack[depth++] = close;
          if (close === 0x7d) i = this.memberKey(i);
          if (i < 0) return -1;
          continue;
        }
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        i = this.number(i);
      } else {
        i = this.literal(i);
      }
      if (i < 0) return -1;
      // After a value: close containers or move to the next member.
      for (;;) {
        if (depth === 0) return i;
        i = this.ws(i);
        c = b[i] as number;
        const close = this.stack[depth - 1] as number;
        if (c === 0x2c) {
          i = this.ws(i + 1);
          if (close === 0x7d) i = this.memberKey(i);
          if (i < 0) return -1;
          break;
        }
        if (c !== close) return -1;
        depth--;
        i++;
      }
    }
  }

  /** `"key" :` inside {@link skip}; returns the value's offset. */
  private memberKey(i: number): number {
    if (this.b[i] !== 0x22) return -1;
    i = this.string(i);
    if (i < 0) return -1;
    i = this.ws(i);
    return this.b[i] === 0x3a ? this.ws(i + 1) : -1;
  }

  /**
   * The string between the quotes, `[start, end)`, with the `flags` and `hash` its scan left: cached
   * when plain ASCII, decoded as UTF-8 otherwise, and through JSON.parse when it has escapes (rare,
   * and then exactly what JSON.parse makes of it).
   */
  protected text(start: number, end: number, flags: number, hash: number): string {
    if (flags === 0) return this.cache.get(this.b, start, end, hash);
    if (flags === NON_ASCII) return this.b.toString('utf8', start, end);
    return JSON.parse(this.b.toString('utf8', start - 1, end + 1)) as string;
  }

  /** A number token, or the plain content of a string, `[start, end)`, as `Number()` reads it. */
  protected toNumber(start: number, end: number): number {
    const b = this.b;
    let k = start;
    const negative = b[k] === 0x2d;
    if (negative) k++;
    // Up to 15 digits an integer is exact in a double, so accumulating gives Number()'s answer.
    if (end > k && end - k <= 15) {
      let n = 0;
      for (; k < end; k++) {
        const d = (b[k] as number) - 0x30;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      if (k === end) return negative ? -n : n;
    }
    return Number(b.latin1Slice(start, end));
  }

  /** Do bytes `[start, end)` spell `expected` (ASCII)? */
  protected bytesAre(start: number, end: number, expected: Uint8Array): boolean {
    if (end - start !== expected.length) return false;
    for (let k = 0; k < expected.length; k++) if (this.b[start + k] !== expected[k]) return false;
    return true;
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
