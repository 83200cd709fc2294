/** How a field of an AnyValue was written. */
export const ABSENT = 0;
export const STRING = 1;
export const NUMBER = 2;

/**
 * Where the fields of one OTLP `AnyValue` object lie in the line, so the byte decoder can convert it
 * afterwards by the same precedence as `anyString`/`anyNumber`/`anyBool` (stringValue, then
 * intValue, doubleValue, boolValue, arrayValue), whatever order the keys came in.
 */
export class AnyValueSlot {
  stringStart = 0;
  stringEnd = 0;
  stringFlags = 0;
  stringHash = 0;
  /** {@link ABSENT}, {@link STRING} or {@link NUMBER} */
  intKind = ABSENT;
  intStart = 0;
  intEnd = 0;
  intFlags = 0;
  intHash = 0;
  doubleKind = ABSENT;
  doubleStart = 0;
  doubleEnd = 0;
  doubleFlags = 0;
  doubleHash = 0;
  hasString = false;
  hasBool = false;
  bool = false;
  /** Offset of the `arrayValue` object, -1 when absent. */
  array = -1;

  /** Records where the `stringValue` string's content lies (between its quotes). */
  setString(start: number, end: number, flags: number, hash: number): void {
    this.stringStart = start;
    this.stringEnd = end;
    this.stringFlags = flags;
    this.stringHash = hash;
    this.hasString = true;
  }

  /** Records where `intValue` (`isInt`) or `doubleValue` was written: as a JSON string or a number. */
  setNumber(isInt: boolean, kind: number, start: number, end: number, flags: number, hash: number): void {
    if (isInt) {
      this.intKind = kind;
      this.intStart = start;
      this.intEnd = end;
      this.intFlags = flags;
      this.intHash = hash;
    } else {
      this.doubleKind = kind;
      this.doubleStart = start;
      this.doubleEnd = end;
      this.doubleFlags = flags;
      this.doubleHash = hash;
    }
  }

  clear(): void {
    this.hasString = false;
    this.intKind = ABSENT;
    this.doubleKind = ABSENT;
    this.hasBool = false;
    this.array = -1;
  }
}
