import type { ComponentRule } from '@kensa/processors';
import type { ChunkCounts } from './ChunkDecoder';
import type { SpanBatch } from './SpanBatch';
import { decodeSpan } from './SpanDecoder';
import type { OtlpSpan, SpanRecord } from './SpanRecord';

/**
 * One line already through JSON.parse: counts it as a trace, metric or log line and appends its
 * spans to `batch`. Returns false when it is JSON but not an OTLP export request. This is the
 * reference path the byte decoder must agree with, and the one every line it declines takes.
 */
export function decodeParsedLine(doc: unknown, counts: ChunkCounts, record: SpanRecord, batch: SpanBatch, rules: readonly ComponentRule[]): boolean {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const d = doc as { resourceSpans?: unknown; resourceMetrics?: unknown; resourceLogs?: unknown };
  if (Array.isArray(d.resourceSpans)) {
    counts.traceLines++;
    for (const rs of d.resourceSpans as { scopeSpans?: { spans?: OtlpSpan[] }[] }[]) {
      const scopeSpans = rs?.scopeSpans;
      if (!Array.isArray(scopeSpans)) continue;
      for (const ss of scopeSpans) {
        const spans = ss?.spans;
        if (!Array.isArray(spans)) continue;
        for (let i = 0; i < spans.length; i++) {
          const span = spans[i];
          if (span === null || typeof span !== 'object') continue;
          decodeSpan(span, record, rules);
          if (record.traceId === '' || record.spanId === '' || !Number.isFinite(record.durationMs)) continue;
          counts.spans++;
          batch.push(record);
        }
      }
    }
    return true;
  }
  if (Array.isArray(d.resourceMetrics)) {
    counts.metricLines++;
    counts.metricDataPoints += countMetricPoints(d.resourceMetrics);
    return true;
  }
  if (Array.isArray(d.resourceLogs)) {
    counts.logLines++;
    for (const rl of d.resourceLogs as { scopeLogs?: { logRecords?: unknown[] }[] }[]) {
      for (const sl of rl?.scopeLogs ?? []) counts.logRecords += Array.isArray(sl?.logRecords) ? sl.logRecords.length : 0;
    }
    return true;
  }
  return false;
}

function countMetricPoints(resourceMetrics: unknown[]): number {
  let n = 0;
  for (const rm of resourceMetrics as { scopeMetrics?: { metrics?: Record<string, { dataPoints?: unknown[] }>[] }[] }[]) {
    for (const sm of rm?.scopeMetrics ?? []) {
      for (const m of sm?.metrics ?? []) {
        for (const k of ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary']) {
          const dp = m?.[k]?.dataPoints;
          if (Array.isArray(dp)) n += dp.length;
        }
      }
    }
  }
  return n;
}
