import { ByteLiteral } from './ByteLiteral';

/** The bytes that start a member with a given key, and the key's id (-1: a key the decoder skips). */
export interface KeyPrefix {
  prefix: ByteLiteral;
  id: number;
}

const MAX_POSITIONS = 64;
const LEARNED = 256;

/**
 * Guesses the key at each position of an object (or of an attribute list) from the last one of its
 * kind: writers emit the same keys in the same order, so one literal compare of the whole member
 * prefix (`"traceId":`, `{"key":"session.id","value":{"`) replaces scanning, hashing and looking
 * up the key. A wrong guess costs a few word compares; the caller then reads the key the long way
 * and tells the predictor what it was.
 */
export class KeyPredictor {
  private readonly known: KeyPrefix[];
  private readonly predicted: (KeyPrefix | undefined)[] = [];
  private readonly learned: (KeyPrefix | undefined)[] = new Array<KeyPrefix | undefined>(LEARNED).fill(undefined);

  /** `prefix(key)` is the exact text that starts a member with that key. */
  constructor(keys: readonly string[], private readonly prefix: (key: string) => string) {
    this.known = keys.map((key, id) => ({ prefix: new ByteLiteral(prefix(key)), id }));
  }

  guess(position: number): KeyPrefix | undefined {
    return this.predicted[position];
  }

  /**
   * After reading the key at `position` the long way: its id in the key table, and for a key that
   * is not ours, where the member starts in `b` and the key's bytes `[keyStart, keyEnd)` (plain
   * ASCII, unescaped) with their hash.
   */
  remember(position: number, id: number, b: Buffer, view: DataView, memberStart: number, limit: number, keyStart: number, keyEnd: number, hash: number): void {
    if (position >= MAX_POSITIONS) return;
    if (id >= 0) {
      this.predicted[position] = this.known[id];
      return;
    }
    const slot = hash & (LEARNED - 1);
    let learned = this.learned[slot];
    if (learned === undefined || !learned.prefix.at(b, view, memberStart, limit)) {
      learned = { prefix: new ByteLiteral(this.prefix(b.latin1Slice(keyStart, keyEnd))), id: -1 };
      this.learned[slot] = learned;
    }
    this.predicted[position] = learned;
  }
}
