import type { SlowTrace, WaterfallSpan } from './Report';
import type { FinishedTrace } from './TraceAssembler';

/** A finished trace as the report lists it: bottleneck, breakdown and waterfall rows in start order. */
export function slowTrace(t: FinishedTrace, root: NonNullable<FinishedTrace['root']>, met: boolean, bottleneck: string | undefined, share: number): SlowTrace {
  const byId = new Map(t.spans.map((s) => [s.spanId, s]));
  const depthOf = (id: string): number => {
    let d = 0;
    let cur = byId.get(id);
    while (cur !== undefined && cur.parentSpanId !== '' && d < 64) {
      cur = byId.get(cur.parentSpanId);
      d++;
    }
    return d;
  };
  const spans: WaterfallSpan[] = [...t.spans]
    .sort((a, b) => a.startMs - b.startMs)
    .map((s) => ({
      spanId: s.spanId,
      parentSpanId: s.parentSpanId,
      name: s.name,
      component: s.component ?? null,
      offsetMs: s.startMs - root.startMs,
      durationMs: s.durationMs,
      depth: depthOf(s.spanId),
      error: s.error,
    }));
  return {
    traceId: t.traceId,
    startMs: root.startMs,
    durationMs: root.durationMs,
    slaMet: met,
    bottleneck: bottleneck ?? null,
    bottleneckShare: Number.isFinite(share) ? share : null,
    breakdown: Object.fromEntries(t.breakdown),
    model: t.model ?? null,
    sessionId: t.sessionId ?? null,
    inputTokens: t.inputTokens > 0 ? t.inputTokens : null,
    outputTokens: t.outputTokens > 0 ? t.outputTokens : null,
    errorPatterns: t.patterns,
    spans,
  };
}
