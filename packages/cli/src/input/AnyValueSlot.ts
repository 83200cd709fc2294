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

  clear(): void {
    this.hasString = false;
    this.intKind = ABSENT;
    this.doubleKind = ABSENT;
    this.hasBool = false;
    this.array = -1;
  }
}
