import { readFileSync } from 'node:fs';

/**
 * An independent, deliberately naive reading of generated OTLP/JSON (whole file, plain objects), so
 * the tests compare the streaming report against numbers computed a different way.
 */
export interface PlainSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  startMs: number;
  durationMs: number;
  error: boolean;
  attrs: Record<string, string | number | boolean>;
}

function value(v: Record<string, unknown>): string | number | boolean {
  if ('stringValue' in v) return v.stringValue as string;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('boolValue' in v) return v.boolValue as boolean;
  if ('arrayValue' in v) return ((v.arrayValue as { values: Record<string, unknown>[] }).values ?? []).map(value).join(',');
  return '';
}

export function readSpans(file: string): PlainSpan[] {
  const spans: PlainSpan[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const doc = JSON.parse(line);
    for (const rs of doc.resourceSpans ?? []) {
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) {
          const attrs: PlainSpan['attrs'] = {};
          for (const a of s.attributes ?? []) attrs[a.key] = value(a.value);
          spans.push({
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            startMs: Number(s.startTimeUnixNano) / 1e6,
            durationMs: Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e6,
            error: s.status?.code === 2,
            attrs,
          });
        }
      }
    }
  }
  return spans;
}

/** Exclusive time per span: duration minus its direct children's durations. */
export function exclusiveByComponent(spans: PlainSpan[]): Map<string, number[]> {
  const childSum = new Map<string, number>();
  for (const s of spans) if (s.parentSpanId !== '') childSum.set(s.traceId + s.parentSpanId, (childSum.get(s.traceId + s.parentSpanId) ?? 0) + s.durationMs);
  const out = new Map<string, number[]>();
  for (const s of spans) {
    const c = String(s.attrs['kensa.budget.component']);
    const v = Math.max(0, s.durationMs - (childSum.get(s.traceId + s.spanId) ?? 0));
    if (!out.has(c)) out.set(c, []);
    out.get(c)?.push(v);
  }
  return out;
}

/** The value at rank floor(q·(n−1)) of the sorted values (the rank DDSketch answers for). */
export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))] as number;
}
