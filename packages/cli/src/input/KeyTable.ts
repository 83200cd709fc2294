import { ByteLiteral } from './ByteLiteral';
import { byteHash } from './StringCache';

/**
 * The JSON object keys one decoder level knows, looked up by the hash and bytes the scanner already
 * has, so no key ever becomes a string. Open addressing over a power-of-two table.
 */
export class KeyTable {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly keys: ByteLiteral[];

  constructor(keys: readonly string[]) {
    this.keys = keys.map((k) => new ByteLiteral(k));
    const size = 1 << Math.ceil(Math.log2(Math.max(4, keys.length * 4)));
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.keys.forEach((k, id) => {
      let slot = byteHash(k.bytes) & this.mask;
      while ((this.slots[slot] as number) >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    });
  }

  /** The id (index in the constructor's list) of the key in bytes `[start, end)` of `b`, or -1. */
  find(b: Uint8Array, view: DataView, start: number, end: number, hash: number): number {
    const len = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const id = this.slots[slot] as number;
      if (id < 0) return -1;
      const key = this.keys[id] as ByteLiteral;
      if (key.length === len && key.at(b, view, start, end)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  /** {@link find} for a key that had escapes, decoded (rare: no writer escapes plain ASCII keys). */
  findText(key: string): number {
    const b = Buffer.from(key, 'utf8');
    return this.find(b, new DataView(b.buffer, b.byteOffset, b.length), 0, b.length, byteHash(b));
  }
}
