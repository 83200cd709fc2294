/**
 * A fixed ASCII byte string (a key, a literal run of JSON such as `,"value":{"`) compared four
 * bytes at a time through a DataView: most of what the byte decoder does per attribute is
 * confirming such runs, and a word compare costs what a byte compare does.
 */
export class ByteLiteral {
  readonly length: number;
  readonly bytes: Uint8Array;
  private readonly words: Int32Array;

  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
    this.length = this.bytes.length;
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    this.words = new Int32Array(this.length >> 2);
    for (let n = 0; n < this.words.length; n++) this.words[n] = view.getInt32(n * 4, true);
  }

  /** Do the bytes of `b` (seen through `view`) from `i` spell this? Nothing at or past `limit` is read. */
  at(b: Uint8Array, view: DataView, i: number, limit: number): boolean {
    if (i < 0 || i + this.length > limit) return false;
    const words = this.words;
    let k = 0;
    for (let n = 0; n < words.length; n++, k += 4) if (view.getInt32(i + k, true) !== words[n]) return false;
    for (; k < this.length; k++) if (b[i + k] !== this.bytes[k]) return false;
    return true;
  }
}
