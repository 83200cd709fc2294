import { ABSENT, AnyValueSlot, NUMBER, STRING } from './AnyValueSlot';
import { ByteLiteral } from './ByteLiteral';
import { ESCAPED, JsonScanner } from './JsonScanner';
import { KeyTable } from './KeyTable';
import type { AttributeType } from './spanAttributes';

const KEY_VALUE = new KeyTable(['key', 'value']);
const ANY_VALUE = new KeyTable(['stringValue', 'intValue', 'doubleValue', 'boolValue', 'arrayValue']);
const ARRAY_VALUE = new KeyTable(['values']);
const STRING_VALUE = new ByteLiteral('stringValue":');
const INT_VALUE = new ByteLiteral('intValue":');
const DOUBLE_VALUE = new ByteLiteral('doubleValue":');
const BOOL_VALUE = new ByteLiteral('boolValue":');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/**
 * The OTLP key/value layer of the byte decoder: object keys looked up in a {@link KeyTable},
 * `{"key":…,"value":…}` members in either order, and `AnyValue`s read into {@link AnyValueSlot}s
 * and converted exactly as anyString / anyNumber / anyBool convert the parsed objects.
 */
export class AnyValueScanner extends JsonScanner {
  protected readonly slots: AnyValueSlot[] = [new AnyValueSlot()];
  /** Items of nested arrayValues being joined; each depth's start in partsFrom. */
  protected readonly parts: string[] = [];
  protected readonly partsFrom: number[] = [];
  /** Set by a conversion that met something the fast path does not take. */
  protected failed = false;
  protected keyId = -1;
  /** Offset of the closing quote of the key key() read last. */
  protected keyEnd = 0;
  /** End of the current line: literal compares never read at or past it. */
  protected lineEnd = 0;
  protected kvKey = -1;

  /** `"key":` at `i`, looked up in `table` (sets `keyId`); returns the value's offset. */
  protected key(i: number, table: KeyTable): number {
    if (this.b[i] !== 0x22) return -1;
    const start = i + 1;
    i = this.hashedString(i);
    if (i < 0) return -1;
    this.keyEnd = i - 1;
    // An escaped key may still spell one of ours.
    this.keyId = (this.flags & ESCAPED) === 0 ? table.find(this.b, this.view, start, i - 1, this.hash) : table.findText(this.text(start, i - 1, this.flags, 0));
    i = this.ws(i);
    return this.b[i] === 0x3a ? this.ws(i + 1) : -1;
  }

  /**
   * The value of a canonical attribute, `"<x>Value":…` from its type key on, into slot 0 (as
   * anyValue() would fill it): the string, number and bool forms; anything else returns -2.
   */
  protected typedValue(j: number): number {
    const b = this.b;
    const slot = this.slots[0] as AnyValueSlot;
    slot.clear();
    const c = b[j];
    if (c === 0x73 && STRING_VALUE.at(b, this.view, j, this.lineEnd) && b[j + STRING_VALUE.length] === 0x22) {
      const start = j + STRING_VALUE.length + 1;
      j = this.hashedString(j + STRING_VALUE.length);
      slot.setString(start, j - 1, this.flags, this.hash);
    } else if ((c === 0x69 && INT_VALUE.at(b, this.view, j, this.lineEnd)) || (c === 0x64 && DOUBLE_VALUE.at(b, this.view, j, this.lineEnd))) {
      j += c === 0x69 ? INT_VALUE.length : DOUBLE_VALUE.length;
      let kind = NUMBER;
      let from = j;
      if (b[j] === 0x22) {
        kind = STRING;
        from = j + 1;
        j = this.hashedString(j);
      } else {
        j = this.number(j);
      }
      slot.setNumber(c === 0x69, kind, from, kind === STRING ? j - 1 : j, this.flags, this.hash);
    } else if (c === 0x62 && BOOL_VALUE.at(b, this.view, j, this.lineEnd) && (b[j + BOOL_VALUE.length] === 0x74 || b[j + BOOL_VALUE.length] === 0x66)) {
      j += BOOL_VALUE.length;
      slot.hasBool = true;
      slot.bool = b[j] === 0x74;
      j = this.literal(j);
    } else {
      return -2;
    }
    return j;
  }

  /**
   * `{"key":…,"value":…}` in either order: sets `kvKey` (the key's id in `table`, -1 when unknown
   * or not a string) and, for a known key, fills slot 0 with the value.
   */
  protected keyValue(i: number, table: KeyTable): number {
    const b = this.b;
    let seen = 0;
    let keyId = -1;
    let valueAt = -1;
    i = this.open(i, 0x7d);
    while (!this.done) {
      i = this.key(i, KEY_VALUE);
      if (i < 0) return -1;
      const id = this.keyId;
      if (id >= 0) {
        if ((seen & (1 << id)) !== 0) return -1;
        seen |= 1 << id;
      }
      if (id === 0) {
        if (b[i] === 0x22) {
          const from = i + 1;
          i = this.hashedString(i);
          if (i < 0) return -1;
          keyId = (this.flags & ESCAPED) === 0 ? table.find(b, this.view, from, i - 1, this.hash) : table.findText(this.text(from, i - 1, this.flags, 0));
        } else {
          i = this.skip(i);
        }
      } else if (id === 1 && (seen & 1) !== 0 && keyId >= 0) {
        i = this.anyValue(i, 0);
      } else {
        if (id === 1) valueAt = i; // before its key: decoded once the key is known
        i = this.skip(i);
      }
      if (i < 0) return -1;
      i = this.after(i, 0x7d);
      if (i < 0) return -1;
    }
    this.kvKey = keyId;
    if (keyId >= 0) {
      if ((seen & 2) === 0) (this.slots[0] as AnyValueSlot).clear();
      else if (valueAt >= 0 && this.anyValue(valueAt, 0) < 0) return -1;
    }
    return i;
  }

  /** An AnyValue into `slots[depth]`; a value that is not an object reads as absent, as in anyValue.ts. */
  protected anyValue(i: number, depth: number): number {
    const b = this.b;
    while (this.slots.length <= depth) this.slots.push(new AnyValueSlot());
    const slot = this.slots[depth] as AnyValueSlot;
    slot.clear();
    if (b[i] !== 0x7b) return this.skip(i);
    let seen = 0;
    i = this.open(i, 0x7d);
    while (!this.done) {
      i = this.key(i, ANY_VALUE);
      if (i < 0) return -1;
      const id = this.keyId;
      if (id >= 0) {
        if ((seen & (1 << id)) !== 0) return -1;
        seen |= 1 << id;
      }
      const c = b[i];
      if (id === 0) {
        if (c !== 0x22) return -1;
        const start = i + 1;
        i = this.hashedString(i);
        slot.setString(start, i - 1, this.flags, this.hash);
      } else if (id === 1 || id === 2) {
        let kind: number;
        let from: number;
        let to: number;
        if (c === 0x22) {
          from = i + 1;
          i = this.hashedString(i);
          to = i - 1;
          kind = STRING;
        } else {
          from = i;
          i = this.number(i);
          to = i;
          kind = NUMBER;
        }
        slot.setNumber(id === 1, kind, from, to, this.flags, this.hash);
      } else if (id === 3) {
        if (c !== 0x74 && c !== 0x66) return -1;
        slot.hasBool = true;
        slot.bool = c === 0x74;
        i = this.literal(i);
      } else if (id === 4) {
        if (c !== 0x7b) return -1;
        slot.array = i;
        i = this.skip(i);
      } else {
        i = this.skip(i);
      }
      if (i < 0) return -1;
      i = this.after(i, 0x7d);
      if (i < 0) return -1;
    }
    return i;
  }

  /** Slot `depth` read as anyString / anyNumber / anyBool would read the parsed object. */
  protected convert(type: AttributeType, depth: number): string | number | boolean | undefined {
    const s = this.slots[depth] as AnyValueSlot;
    if (type === 'string') {
      if (s.hasString) return this.text(s.stringStart, s.stringEnd, s.stringFlags, s.stringHash);
      if (s.intKind === STRING) return this.text(s.intStart, s.intEnd, s.intFlags, s.intHash);
      if (s.intKind === NUMBER) return String(this.toNumber(s.intStart, s.intEnd));
      if (s.doubleKind === STRING) return this.text(s.doubleStart, s.doubleEnd, s.doubleFlags, s.doubleHash);
      if (s.doubleKind === NUMBER) return String(this.toNumber(s.doubleStart, s.doubleEnd));
      if (s.hasBool) return s.bool ? 'true' : 'false';
      if (s.array >= 0) return this.arrayString(s.array, depth);
      return undefined;
    }
    if (type === 'number') {
      if (s.intKind !== ABSENT) return this.numberOf(s.intKind, s.intStart, s.intEnd, s.intFlags, s.intHash);
      if (s.doubleKind !== ABSENT) return this.numberOf(s.doubleKind, s.doubleStart, s.doubleEnd, s.doubleFlags, s.doubleHash);
      if (s.hasString && s.stringEnd > s.stringStart) return this.numberOf(STRING, s.stringStart, s.stringEnd, s.stringFlags, s.stringHash);
      return NaN;
    }
    if (s.hasBool) return s.bool;
    if (s.hasString) {
      if (s.stringFlags !== 0) {
        const t = this.text(s.stringStart, s.stringEnd, s.stringFlags, s.stringHash);
        return t === 'true' ? true : t === 'false' ? false : undefined;
      }
      if (this.bytesAre(s.stringStart, s.stringEnd, TRUE)) return true;
      if (this.bytesAre(s.stringStart, s.stringEnd, FALSE)) return false;
    }
    return undefined;
  }

  protected numberOf(kind: number, start: number, end: number, flags: number, hash: number): number {
    if (kind === NUMBER || flags === 0) return this.toNumber(start, end);
    return Number(this.text(start, end, flags, hash));
  }

  /** `arrayValue` at `i` as anyString joins it: the items' strings, absent ones left out, with commas. */
  protected arrayString(i: number, depth: number): string | undefined {
    i = this.arrayItems(i, depth);
    if (i < 0) {
      this.failed = true;
      return undefined;
    }
    return this.parts.splice(this.partsFrom[depth] as number).join(',');
  }

  /** Pushes the strings of the `arrayValue` object at `i` onto `parts` (from `partsFrom[depth]`). */
  protected arrayItems(i: number, depth: number): number {
    const b = this.b;
    this.partsFrom[depth] = this.parts.length;
    let seen = false;
    i = this.open(i, 0x7d);
    while (!this.done) {
      i = this.key(i, ARRAY_VALUE);
      if (i < 0) return -1;
      if (this.keyId === 0) {
        if (seen) return -1;
        seen = true;
        if (b[i] === 0x5b) {
          i = this.open(i, 0x5d);
          while (!this.done) {
            if (b[i] === 0x7b) {
              i = this.anyValue(i, depth + 1);
              if (i < 0) return -1;
              const item = this.convert('string', depth + 1);
              if (this.failed) return -1;
              if (typeof item === 'string') this.parts.push(item);
            } else {
              i = this.skip(i);
              if (i < 0) return -1;
            }
            i = this.after(i, 0x5d);
            if (i < 0) return -1;
          }
        } else if (b[i] === 0x6e) {
          i = this.literal(i); // "values": null reads as no items
        } else {
          return -1; // for…of over a string or a number: leave it to the reference decoder
        }
      } else {
        i = this.skip(i);
      }
      if (i < 0) return -1;
      i = this.after(i, 0x7d);
      if (i < 0) return -1;
    }
    return i;
  }
}
