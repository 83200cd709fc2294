import type { SpanRecord } from '../input/SpanRecord';

/** The parts of a span kept until its trace is complete. */
export interface TraceSpan {
  spanId: string;
  parentSpanId: string;
  name: string;
  component: string | undefined;
  startMs: number;
  durationMs: number;
  error: boolean;
  /** Duration minus the time of direct children that belong to a component; set on finish. */
  exclusiveMs: number;
}

export interface TraceRoot {
  spanId: string;
  startMs: number;
  durationMs: number;
  slaTargetMs: number;
  slaMet: boolean | undefined;
  bottleneckComponent: string | undefined;
  bottleneckShare: number;
}

/** A trace handed to the report once it is complete (or evicted, or the input ended). */
export interface FinishedTrace {
  traceId: string;
  spans: TraceSpan[];
  root: TraceRoot | undefined;
  /** Exclusive ms per component across the trace. */
  breakdown: Map<string, number>;
  model: string | undefined;
  sessionId: string | undefined;
  inputTokens: number;
  outputTokens: number;
  patterns: string[];
}

interface Pending {
  spans: TraceSpan[];
  root: TraceRoot | undefined;
  model: string | undefined;
  sessionId: string | undefined;
  inputTokens: number;
  outputTokens: number;
  patterns: string[];
}

export interface TraceAssemblerOptions {
  onFinish: (trace: FinishedTrace) => void;
  /** Traces held open at once; the oldest is finished first (default 5000). */
  maxPending?: number;
  /** Spans kept per trace; more are counted in the component stats but not held (default 512). */
  maxSpansPerTrace?: number;
}

/**
 * Groups spans into traces. Exporters batch by end time, so a trace's spans arrive close together
 * but not in order (children before the root); a trace stays open while newer traces arrive and is
 * finished first-in-first-out once `maxPending` traces are open, which bounds memory.
 */
export class TraceAssembler {
  private readonly pending = new Map<string, Pending>();
  /**
   * Arrival order of open traces. Iterating a Map from the front after many deletions walks its
   * tombstones (profiled as quadratic), so the order lives in this queue instead.
   */
  private order: string[] = [];
  private head = 0;
  private lastTraceId: string | undefined;
  private lastPending: Pending | undefined;
  private readonly maxPending: number;
  private readonly maxSpans: number;

  constructor(private readonly options: TraceAssemblerOptions) {
    this.maxPending = Math.max(1, options.maxPending ?? 5000);
    this.maxSpans = Math.max(1, options.maxSpansPerTrace ?? 512);
  }

  add(s: SpanRecord): void {
    // A trace's spans mostly arrive one after another: skip the Map (and hashing the id) for them.
    let p = s.traceId === this.lastTraceId ? this.lastPending : this.pending.get(s.traceId);
    if (p === undefined) {
      if (this.pending.size >= this.maxPending) this.finishOldest();
      p = { spans: [], root: undefined, model: undefined, sessionId: undefined, inputTokens: 0, outputTokens: 0, patterns: [] };
      this.pending.set(s.traceId, p);
      this.order.push(s.traceId);
    }
    this.lastTraceId = s.traceId;
    this.lastPending = p;
    if (p.spans.length < this.maxSpans) {
      p.spans.push({
        spanId: s.spanId,
        parentSpanId: s.parentSpanId,
        name: s.name,
        component: s.component,
        startMs: s.startMs,
        durationMs: s.durationMs,
        error: s.isError,
        exclusiveMs: s.durationMs,
      });
    }
    if (s.parentSpanId === '') {
      p.root = {
        spanId: s.spanId,
        startMs: s.startMs,
        durationMs: s.durationMs,
        slaTargetMs: s.slaTargetMs,
        slaMet: s.slaMet,
        bottleneckComponent: s.bottleneckComponent,
        bottleneckShare: s.bottleneckShare,
      };
    }
    if (s.model !== undefined) p.model ??= s.model;
    if (s.sessionId !== undefined) p.sessionId ??= s.sessionId;
    if (Number.isFinite(s.inputTokens)) p.inputTokens += s.inputTokens;
    if (Number.isFinite(s.outputTokens)) p.outputTokens += s.outputTokens;
    if (s.isError && s.patternId !== undefined && !p.patterns.includes(s.patternId)) p.patterns.push(s.patternId);
  }

  /** Finishes every open trace (end of input). */
  flush(): void {
    while (this.pending.size > 0) this.finishOldest();
  }

  private finishOldest(): void {
    while (this.head < this.order.length) {
      const traceId = this.order[this.head++] as string;
      if (this.head >= 4096 && this.head * 2 >= this.order.length) {
        this.order = this.order.slice(this.head);
        this.head = 0;
      }
      const p = this.pending.get(traceId);
      if (p === undefined) continue;
      this.pending.delete(traceId);
      if (p === this.lastPending) {
        this.lastTraceId = undefined;
        this.lastPending = undefined;
      }
      this.options.onFinish(finish(traceId, p));
      return;
    }
  }
}

const SMALL_TRACE = 24;

function finish(traceId: string, p: Pending): FinishedTrace {
  const spans = p.spans;
  if (spans.length <= SMALL_TRACE) {
    // Comparing ids is cheaper than hashing them into a Map for a handful of spans. The last span
    // with an id is its parent, as the Map (last set wins) would have it.
    for (const s of spans) {
      if (s.component === undefined) continue;
      for (let i = spans.length - 1; i >= 0; i--) {
        const parent = spans[i] as TraceSpan;
        if (parent.spanId === s.parentSpanId) {
          parent.exclusiveMs -= s.durationMs;
          break;
        }
      }
    }
  } else {
    const byId = new Map<string, TraceSpan>();
    for (const s of spans) byId.set(s.spanId, s);
    for (const s of spans) {
      if (s.component === undefined) continue;
      const parent = byId.get(s.parentSpanId);
      if (parent !== undefined) parent.exclusiveMs -= s.durationMs;
    }
  }
  const breakdown = new Map<string, number>();
  for (const s of p.spans) {
    if (s.exclusiveMs < 0) s.exclusiveMs = 0;
    if (s.component !== undefined) breakdown.set(s.component, (breakdown.get(s.component) ?? 0) + s.exclusiveMs);
  }
  return {
    traceId,
    spans: p.spans,
    root: p.root,
    breakdown,
    model: p.model,
    sessionId: p.sessionId,
    inputTokens: p.inputTokens,
    outputTokens: p.outputTokens,
    patterns: p.patterns,
  };
}
