import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_TYPE, EVENT_EXCEPTION } from '@kensa/semconv';
import type { ComponentRule } from '@kensa/processors';
import { anyBool, anyNumber, anyString, nanosToMs, type OtlpAnyValue } from './anyValue';
import { classifyByRules } from './classifyByRules';
import { SPAN_ATTRIBUTES, type AttributeField } from './spanAttributes';
import type { OtlpKeyValue, OtlpSpan, SpanRecord } from './SpanRecord';

/** A Map, not an object literal, so `"kind":"constructor"` cannot reach Object.prototype. */
export const SPAN_KINDS: ReadonlyMap<string, number> = new Map([
  ['SPAN_KIND_UNSPECIFIED', 0],
  ['SPAN_KIND_INTERNAL', 1],
  ['SPAN_KIND_SERVER', 2],
  ['SPAN_KIND_CLIENT', 3],
  ['SPAN_KIND_PRODUCER', 4],
  ['SPAN_KIND_CONSUMER', 5],
]);

const EXCEPTION_EVENT: string = EVENT_EXCEPTION;
const EXCEPTION_TYPE: string = ATTR_EXCEPTION_TYPE;
const EXCEPTION_MESSAGE: string = ATTR_EXCEPTION_MESSAGE;

/**
 * Fills a {@link SpanRecord} from an OTLP/JSON span object in one pass over its attributes. This is
 * the reference reading: the byte decoder must give the same record for every span it accepts.
 */
export function decodeSpan(span: OtlpSpan, out: SpanRecord, rules: readonly ComponentRule[]): void {
  out.reset();
  out.traceId = typeof span.traceId === 'string' ? span.traceId : '';
  out.spanId = typeof span.spanId === 'string' ? span.spanId : '';
  out.parentSpanId = typeof span.parentSpanId === 'string' ? span.parentSpanId : '';
  out.name = typeof span.name === 'string' ? span.name : '';
  out.kind = typeof span.kind === 'number' ? span.kind : (SPAN_KINDS.get(String(span.kind)) ?? 0);
  decodeTimes(span.startTimeUnixNano, span.endTimeUnixNano, out);
  const status = span.status;
  if (status !== undefined && status !== null) {
    out.isError = status.code === 2 || status.code === 'STATUS_CODE_ERROR';
    out.statusMessage = typeof status.message === 'string' ? status.message : '';
  }
  const attrs = span.attributes;
  if (Array.isArray(attrs)) {
    for (let i = 0; i < attrs.length; i++) decodeAttribute(attrs[i] as OtlpKeyValue, out);
  }
  const events = span.events;
  if (Array.isArray(events)) {
    for (const ev of events) {
      if (ev?.name !== EXCEPTION_EVENT || !Array.isArray(ev.attributes)) continue;
      for (const kv of ev.attributes) {
        if (kv?.key === EXCEPTION_TYPE) out.exceptionType ??= anyString(kv.value);
        else if (kv?.key === EXCEPTION_MESSAGE) out.exceptionMessage ??= anyString(kv.value);
      }
    }
  }
  if (out.component === undefined || out.component === '') out.component = classifyByRules(span, rules);
}

/** Start and duration in ms from OTLP start/end nanoseconds (strings or numbers, as found). */
export function decodeTimes(st: unknown, en: unknown, out: SpanRecord): void {
  if (typeof st === 'string' && typeof en === 'string' && st.length > 6 && en.length > 6) {
    // Epoch nanoseconds exceed 2^53; split off the sub-millisecond digits so durations stay exact.
    const sHi = Number(st.slice(0, -6));
    const sLo = Number(st.slice(-6));
    out.startMs = sHi + sLo / 1e6;
    out.durationMs = Number(en.slice(0, -6)) - sHi + (Number(en.slice(-6)) - sLo) / 1e6;
  } else {
    const start = nanosToMs(st as string | number | undefined);
    out.startMs = start;
    out.durationMs = nanosToMs(en as string | number | undefined) - start;
  }
}

/**
 * The attribute table bucketed by key length. Keys arrive as fresh strings from JSON.parse, so a Map
 * lookup hashes every one of them; comparing against the one to three keys of the same length is
 * about twice as fast, and most attributes of a span are ones we read.
 */
const BY_LENGTH: (readonly (readonly [string, AttributeField])[] | undefined)[] = [];
for (const [key, field] of SPAN_ATTRIBUTES) {
  const bucket = (BY_LENGTH[key.length] ?? []) as (readonly [string, AttributeField])[];
  bucket.push([key, field]);
  BY_LENGTH[key.length] = bucket;
}

function decodeAttribute(kv: OtlpKeyValue, out: SpanRecord): void {
  if (kv === null || typeof kv !== 'object') return;
  const key = kv.key;
  if (typeof key !== 'string') return;
  const bucket = BY_LENGTH[key.length];
  if (bucket === undefined) return;
  for (let i = 0; i < bucket.length; i++) {
    const entry = bucket[i] as readonly [string, AttributeField];
    if (entry[0] === key) {
      const field = entry[1];
      const v = kv.value as OtlpAnyValue | undefined;
      field.set(out, field.type === 'string' ? anyString(v) : field.type === 'number' ? anyNumber(v) : anyBool(v));
      return;
    }
  }
}
