import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_TYPE, EVENT_EXCEPTION } from '@kensa/semconv';
import type { ComponentRule } from '@kensa/processors';
import { ABSENT, NUMBER, STRING } from './AnyValueSlot';
import { classifyByRules } from './classifyByRules';
import { AnyValueScanner } from './AnyValueScanner';
import { ESCAPED } from './JsonScanner';
import { ByteLiteral } from './ByteLiteral';
import { KeyPredictor } from './KeyPredictor';
import { KeyTable } from './KeyTable';
import { SPAN_ATTRIBUTES } from './spanAttributes';
import type { SpanBatch } from './SpanBatch';
import { decodeTimes, SPAN_KINDS } from './SpanDecoder';
import { SpanRecord, type OtlpSpan } from './SpanRecord';

const TOP = new KeyTable(['resourceSpans', 'resourceMetrics', 'resourceLogs']);
const RESOURCE_SPANS = new KeyTable(['scopeSpans']);
const SCOPE_SPANS = new KeyTable(['spans']);
const SPAN_KEYS = ['traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startTimeUnixNano', 'endTimeUnixNano', 'status', 'attributes', 'events'];
const SPAN = new KeyTable(SPAN_KEYS);
/** Ids in SPAN, as a const enum so the switch compares literals. */
const enum Key { TraceId, SpanId, ParentSpanId, Name, Kind, Start, End, Status, Attributes, Events }
const STATUS_KEYS = new KeyTable(['code', 'message']);
const EVENT = new KeyTable(['name', 'attributes']);
const SPAN_ATTRIBUTE_KEYS = new KeyTable([...SPAN_ATTRIBUTES.keys()]);
const SPAN_ATTRIBUTE_FIELDS = [...SPAN_ATTRIBUTES.values()];
const EXCEPTION_ATTRIBUTE_KEYS = new KeyTable([ATTR_EXCEPTION_TYPE, ATTR_EXCEPTION_MESSAGE]);
const STATUS_CODE_ERROR = Buffer.from('STATUS_CODE_ERROR');
const EXCEPTION = Buffer.from(EVENT_EXCEPTION);
const KEY_PREFIX = new ByteLiteral('{"key":"');
const VALUE_PREFIX = new ByteLiteral(',"value":{"');
/** canonicalAttribute(): not the canonical shape, read it the general way. */
const GENERAL = -2;

/**
 * Decodes the spans of one OTLP/JSON trace line straight from its bytes, reading only the fields
 * the report uses and skipping (while validating) everything else: attributes it does not read,
 * resources, scopes, links, non-exception events. That is two to three times faster than JSON.parse,
 * which builds every object only for most of it to be dropped. It accepts only what it can decode
 * exactly as {@link decodeSpan} would decode JSON.parse's result; anything else — invalid or
 * truncated JSON, metric and log lines, duplicate keys it reads, mistyped fields —
 * returns false, and the caller gives the line to JSON.parse. Keys may come in any order.
 */
export class TraceLineDecoder extends AnyValueScanner {
  private readonly record = new SpanRecord();
  private batch: SpanBatch | undefined;
  /** Spans of the current line appended to the batch. */
  spans = 0;
  private attributeIndex = 0;
  private readonly attributeKeys = new KeyPredictor([...SPAN_ATTRIBUTES.keys()], (key) => `{"key":${JSON.stringify(key)},"value":{"`);
  private readonly spanKeys = new KeyPredictor(SPAN_KEYS, (key) => `${JSON.stringify(key)}:`);
  private stKind = ABSENT;
  private stStart = 0;
  private stEnd = 0;
  private stFlags = 0;
  private enKind = ABSENT;
  private enStart = 0;
  private enEnd = 0;
  private enFlags = 0;

  constructor(private readonly rules: readonly ComponentRule[]) {
    super();
  }

  /**
   * Appends the spans of the line `[start, end)` of `b` to `batch` and returns true, or returns
   * false with `batch` as it was. `b[end]` must be the line's terminator.
   */
  decode(b: Buffer, start: number, end: number, batch: SpanBatch): boolean {
    this.use(b);
    this.lineEnd = end;
    this.batch = batch;
    this.spans = 0;
    this.failed = false;
    this.parts.length = 0;
    const mark = batch.count;
    const ok = this.line(start, end);
    if (!ok) batch.truncate(mark);
    return ok;
  }

  private line(start: number, end: number): boolean {
    const b = this.b;
    let i = this.ws(start);
    if (b[i] !== 0x7b) return false;
    let found = false;
    i = this.open(i, 0x7d);
    while (!this.done) {
      i = this.key(i, TOP);
      if (i < 0) return false;
      if (this.keyId === 0) {
        if (found || b[i] !== 0x5b) return false;
        found = true;
        i = this.array(i, 1);
      } else if (this.keyId > 0 && !found) {
        return false;
      } else {
        i = this.skip(i);
      }
      if (i < 0 || this.failed) return false;
      i = this.after(i, 0x7d);
      if (i < 0) return false;
    }
    return found && this.ws(i) === end;
  }

  /**
   * An array whose object elements are decoded by `level` (1 resourceSpans, 2 scopeSpans, 3 spans,
   * 4 span attributes, 5 events, 6 exception attributes); other elements are skipped, as the
   * object decoder ignores them.
   */
  private array(i: number, level: number): number {
    i = this.open(i, 0x5d);
    while (!this.done) {
      if (this.b[i] !== 0x7b) i = this.skip(i);
      else if (level === 1) i = this.container(i, RESOURCE_SPANS, 2);
      else if (level === 2) i = this.container(i, SCOPE_SPANS, 3);
      else if (level === 3) i = this.span(i);
      else if (level === 4) i = this.attribute(i);
      else if (level === 5) i = this.event(i);
      else i = this.exceptionAttribute(i);
      if (i < 0 || this.failed) return -1;
      i = this.after(i, 0x5d);
      if (i < 0) return -1;
    }
    return i;
  }

  /** `{"scopeSpans":[…]}` or `{"spans":[…]}`: the one key of `table` holds the next level's array. */
  private container(i: number, table: KeyTable, level: number): number {
    let seen = false;
    i = this.open(i, 0x7d);
    while (!this.done) {
      i = this.key(i, table);
      if (i < 0) return -1;
      if (this.keyId === 0) {
        if (seen) return -1;
        seen = true;
        i = this.b[i] === 0x5b ? this.array(i, level) : this.skip(i);
      } else {
        i = this.skip(i);
      }
      if (i < 0) return -1;
      i = this.after(i, 0x7d);
      if (i < 0) return -1;
    }
    return i;
  }

  private span(i: number): number {
    const b = this.b;
    const start = i;
    const r = this.record;
    r.reset();
    this.attributeIndex = 0;
    this.stKind = ABSENT;
    this.enKind = ABSENT;
    let seen = 0;
    let position = 0;
    i = this.open(i, 0x7d);
    while (!this.done) {
      i = this.spanKey(i, position++);
      if (i < 0) return -1;
      const id = this.keyId;
      if (id >= 0) {
        // JSON.parse keeps the last of duplicate keys; rather than mimic that, let it decide.
        if ((seen & (1 << id)) !== 0) return -1;
        seen |= 1 << id;
      }
      const c = b[i];
      switch (id) {
        case Key.TraceId:
        case Key.SpanId:
        case Key.ParentSpanId:
        case Key.Name: {
          let s = '';
          if (c === 0x22 && (id === Key.SpanId || id === Key.ParentSpanId)) {
            // Unique per span: the cache would only churn.
            const from = i + 1;
            i = this.string(i);
            if (i >= 0) s = this.flags === 0 ? b.latin1Slice(from, i - 1) : this.text(from, i - 1, this.flags, 0);
          } else if (c === 0x22) {
            const from = i + 1;
            i = this.hashedString(i);
            if (i >= 0) s = this.text(from, i - 1, this.flags, this.hash);
          } else {
            i = this.skip(i);
          }
          if (id === Key.TraceId) r.traceId = s;
          else if (id === Key.SpanId) r.spanId = s;
          else if (id === Key.ParentSpanId) r.parentSpanId = s;
          else r.name = s;
          break;
        }
        case Key.Kind:
          if (c === 0x22) {
            const from = i + 1;
            i = this.hashedString(i);
            if (i >= 0) r.kind = SPAN_KINDS.get(this.text(from, i - 1, this.flags, this.hash)) ?? 0;
          } else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
            const from = i;
            i = this.number(i);
            if (i >= 0) r.kind = this.toNumber(from, i);
          } else if (c === 0x7b || c === 0x5b) {
            return -1; // String([x]) of a one-element array could name a kind
          } else {
            i = this.literal(i); // String(null|true|false) names no kind: 0
          }
          break;
        case Key.Start:
        case Key.End:
          i = this.time(i, id === Key.Start);
          break;
        case Key.Status:
          i = c === 0x7b ? this.status(i) : this.skip(i);
          break;
        case Key.Attributes:
          i = c === 0x5b ? this.array(i, 4) : this.skip(i);
          break;
        case Key.Events:
          i = c === 0x5b ? this.array(i, 5) : this.skip(i);
          break;
        default:
          i = this.skip(i);
      }
      if (i < 0 || this.failed) return -1;
      i = this.after(i, 0x7d);
      if (i < 0) return -1;
    }
    this.times(r);
    if (r.component === undefined || r.component === '') {
      // Telemetry without Kensa's processors: the rules may look at any attribute, so give them the object.
      r.component = classifyByRules(JSON.parse(b.toString('utf8', start, i)) as OtlpSpan, this.rules);
    }
    if (r.traceId !== '' && r.spanId !== '' && Number.isFinite(r.durationMs)) {
      (this.batch as SpanBatch).push(r);
      this.spans++;
    }
    return i;
  }

  /** {@link key} in SPAN, trying the key this position had in the last span first. */
  private spanKey(i: number, position: number): number {
    const b = this.b;
    const guess = this.spanKeys.guess(position);
    if (guess !== undefined && guess.prefix.at(b, this.view, i, this.lineEnd)) {
      this.keyId = guess.id;
      return this.ws(i + guess.prefix.length);
    }
    const j = this.key(i, SPAN);
    // Learn only the plain `"key":` form (no escapes, no space before the colon).
    if (j >= 0 && this.flags === 0 && b[this.keyEnd + 1] === 0x3a) this.spanKeys.remember(position, this.keyId, b, this.view, i, this.lineEnd, i + 1, this.keyEnd, this.hash);
    return j;
  }

  /** Start or end nanoseconds: where the token is, decoded in {@link times}. */
  private time(i: number, isStart: boolean): number {
    const c = this.b[i];
    const from = c === 0x22 ? i + 1 : i;
    let kind: number;
    if (c === 0x22) {
      i = this.string(i);
      kind = STRING;
    } else if (c === 0x6e) {
      i = this.literal(i);
      kind = NUMBER + 1; // null
    } else {
      i = this.number(i); // true/false/objects: not taken
      kind = NUMBER;
    }
    if (i < 0) return -1;
    const to = kind === STRING ? i - 1 : i;
    if (isStart) {
      this.stKind = kind;
      this.stStart = from;
      this.stEnd = to;
      this.stFlags = this.flags;
    } else {
      this.enKind = kind;
      this.enStart = from;
      this.enEnd = to;
      this.enFlags = this.flags;
    }
    return i;
  }

  private times(r: SpanRecord): void {
    if (this.stKind === STRING && this.enKind === STRING && this.stFlags === 0 && this.enFlags === 0) {
      // The common case, digits only: the same arithmetic as decodeTimes without making strings.
      const sHi = this.digits(this.stStart, this.stEnd - 6);
      const sLo = this.digits(this.stEnd - 6, this.stEnd);
      const eHi = this.digits(this.enStart, this.enEnd - 6);
      const eLo = this.digits(this.enEnd - 6, this.enEnd);
      if (sHi >= 0 && sLo >= 0 && eHi >= 0 && eLo >= 0) {
        r.startMs = sHi + sLo / 1e6;
        r.durationMs = eHi - sHi + (eLo - sLo) / 1e6;
        return;
      }
    }
    decodeTimes(this.timeValue(this.stKind, this.stStart, this.stEnd, this.stFlags), this.timeValue(this.enKind, this.enStart, this.enEnd, this.enFlags), r);
  }

  /** The integer of 1–15 ASCII digits `[start, end)` (exact, as Number() would read it), or -1. */
  private digits(start: number, end: number): number {
    if (end <= start || end - start > 15) return -1;
    let n = 0;
    for (let k = start; k < end; k++) {
      const d = (this.b[k] as number) - 0x30;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return n;
  }

  private timeValue(kind: number, start: number, end: number, flags: number): unknown {
    if (kind === ABSENT) return undefined;
    if (kind === NUMBER) return Number(this.b.latin1Slice(start, end));
    if (kind === STRING) return flags === 0 ? this.b.latin1Slice(start, end) : this.text(start, end, flags, 0);
    return null;
  }

  private status(i: number): number {
    const b = this.b;
    const r = this.record;
    let seen = 0;
    let isError = false;
    let message = '';
    i = this.open(i, 0x7d);
    while (!this.done) {
      i = this.key(i, STATUS_KEYS);
      if (i < 0) return -1;
      const id = this.keyId;
      if (id >= 0) {
        if ((seen & (1 << id)) !== 0) return -1;
        seen |= 1 << id;
      }
      const c = b[i];
      if (id === 0 && c === 0x22) {
        const from = i + 1;
        i = this.hashedString(i);
        if (i >= 0) isError = this.flags === 0 ? this.bytesAre(from, i - 1, STATUS_CODE_ERROR) : this.text(from, i - 1, this.flags, 0) === 'STATUS_CODE_ERROR';
      } else if (id === 0 && (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39))) {
        const from = i;
        i = this.number(i);
        if (i >= 0) isError = this.toNumber(from, i) === 2;
      } else if (id === 1 && c === 0x22) {
        const from = i + 1;
        i = this.hashedString(i);
        if (i >= 0) message = this.text(from, i - 1, this.flags, this.hash);
      } else {
        i = this.skip(i);
      }
      if (i < 0) return -1;
      i = this.after(i, 0x7d);
      if (i < 0) return -1;
    }
    r.isError = isError;
    r.statusMessage = message;
    return i;
  }

  private attribute(i: number): number {
    const canonical = this.canonicalAttribute(i);
    if (canonical !== GENERAL) return canonical;
    i = this.keyValue(i, SPAN_ATTRIBUTE_KEYS);
    if (i >= 0 && this.kvKey >= 0) {
      const field = SPAN_ATTRIBUTE_FIELDS[this.kvKey] as (typeof SPAN_ATTRIBUTE_FIELDS)[number];
      field.set(this.record, this.convert(field.type, 0));
    }
    return i;
  }

  /**
   * The shape every OTLP/JSON writer emits, `{"key":"…","value":{"<x>Value":…}}` with no spaces,
   * matched literally: one pass and no key lookups but the attribute's own. Anything else returns
   * {@link GENERAL} and is read by keyValue().
   */
  private canonicalAttribute(i: number): number {
    const b = this.b;
    // Spans of a kind list the same keys in the same order: try the key this position had last time
    // as one literal, `{"key":"…","value":{"`, before scanning and looking it up.
    const position = this.attributeIndex++;
    const guess = this.attributeKeys.guess(position);
    let id: number;
    let j: number;
    if (guess !== undefined && guess.prefix.at(b, this.view, i, this.lineEnd)) {
      id = guess.id;
      j = i + guess.prefix.length;
    } else {
      if (!KEY_PREFIX.at(b, this.view, i, this.lineEnd)) return GENERAL;
      const keyStart = i + KEY_PREFIX.length;
      j = this.hashedString(keyStart - 1);
      if (j < 0 || (this.flags & ESCAPED) !== 0 || !VALUE_PREFIX.at(b, this.view, j, this.lineEnd)) return GENERAL;
      id = SPAN_ATTRIBUTE_KEYS.find(b, this.view, keyStart, j - 1, this.hash);
      if (this.flags === 0) this.attributeKeys.remember(position, id, b, this.view, i, this.lineEnd, keyStart, j - 1, this.hash);
      j += VALUE_PREFIX.length;
    }
    if (id < 0) {
      // Not ours: skip the value (from its opening brace).
      j = this.skip(j - 2);
      return j >= 0 && b[j] === 0x7d ? j + 1 : GENERAL;
    }
    j = this.typedValue(j);
    if (j < 0 || b[j] !== 0x7d || b[j + 1] !== 0x7d) return GENERAL;
    const field = SPAN_ATTRIBUTE_FIELDS[id] as (typeof SPAN_ATTRIBUTE_FIELDS)[number];
    field.set(this.record, this.convert(field.type, 0));
    return j + 2;
  }

  private exceptionAttribute(i: number): number {
    i = this.keyValue(i, EXCEPTION_ATTRIBUTE_KEYS);
    const r = this.record;
    if (i >= 0 && this.kvKey === 0) r.exceptionType ??= this.convert('string', 0) as string | undefined;
    else if (i >= 0 && this.kvKey === 1) r.exceptionMessage ??= this.convert('string', 0) as string | undefined;
    return i;
  }

  private event(i: number): number {
    const b = this.b;
    let seen = 0;
    let isException = false;
    let attributes = -1;
    i = this.open(i, 0x7d);
    while (!this.done) {
      i = this.key(i, EVENT);
      if (i < 0) return -1;
      const id = this.keyId;
      if (id >= 0) {
        if ((seen & (1 << id)) !== 0) return -1;
        seen |= 1 << id;
      }
      if (id === 0 && b[i] === 0x22) {
        const from = i + 1;
        i = this.hashedString(i);
        if (i >= 0) isException = this.flags === 0 ? this.bytesAre(from, i - 1, EXCEPTION) : this.text(from, i - 1, this.flags, 0) === EVENT_EXCEPTION;
      } else {
        if (id === 1 && b[i] === 0x5b) attributes = i;
        i = this.skip(i);
      }
      if (i < 0) return -1;
      i = this.after(i, 0x7d);
      if (i < 0) return -1;
    }
    if (isException && attributes >= 0 && this.array(attributes, 6) < 0) return -1;
    return i;
  }
}
