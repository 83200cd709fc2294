import type { Span } from '@opentelemetry/sdk-trace-base';
import { TraceState } from './TraceState';

export interface TraceStateStoreOptions {
  maxTraces: number;
  maxSpansPerTrace: number;
  ttlMs: number;
  now?: () => number;
}

/**
 * Bounded per-request state. Open requests are found by trace id (several when concurrent
 * requests continue one remote trace) and a span's request is the one that holds its parent's
 * id, so a late child of an ended request, or a child past the span limit, is not tracked.
 *
 * One map entry per request, not per span: a map keyed by span id took an insert and a delete
 * per span, and the hash-table churn made the collector promote short-lived request garbage to
 * the old generation (twice the garbage-collection time of the same run without it). Open
 * requests are linked oldest first, so the oldest can be dropped when there are too many or they
 * are too old, without a second collection.
 */
export class TraceStateStore {
  private readonly byTrace = new Map<string, TraceState | TraceState[]>();
  private oldest: TraceState | undefined;
  private newest: TraceState | undefined;
  private count = 0;
  private readonly now: () => number;

  constructor(private readonly options: TraceStateStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Open requests. */
  get size(): number {
    return this.count;
  }

  /**
   * Registers a started span. A span without a parent, or with a remote one, opens a request;
   * a span whose local parent is unknown (its request already ended or was dropped) is not tracked.
   */
  onStart(span: Span): TraceState | undefined {
    const parent = span.parentSpanContext;
    const { traceId, spanId } = span.spanContext();
    if (parent === undefined || parent.isRemote) return this.openTrace(traceId, spanId);
    const state = this.find(traceId, parent.spanId);
    if (state === undefined || !state.register(spanId)) return undefined;
    return state;
  }

  /** The open request the span belongs to. */
  get(traceId: string, spanId: string): TraceState | undefined {
    return this.find(traceId, spanId);
  }

  finish(state: TraceState): void {
    if (state.closed) return;
    state.close();
    const entry = this.byTrace.get(state.traceId);
    if (entry === state) this.byTrace.delete(state.traceId);
    else if (Array.isArray(entry)) {
      const rest = entry.filter((s) => s !== state);
      if (rest.length === 1) this.byTrace.set(state.traceId, rest[0]!);
      else this.byTrace.set(state.traceId, rest);
    }
    if (state.older) state.older.newer = state.newer;
    else this.oldest = state.newer;
    if (state.newer) state.newer.older = state.older;
    else this.newest = state.older;
    state.older = state.newer = undefined;
    this.count--;
  }

  clear(): void {
    for (let s = this.oldest; s !== undefined; s = s.newer) s.close();
    this.byTrace.clear();
    this.oldest = this.newest = undefined;
    this.count = 0;
  }

  private find(traceId: string, spanId: string): TraceState | undefined {
    const entry = this.byTrace.get(traceId);
    if (entry === undefined) return undefined;
    if (!Array.isArray(entry)) return entry.has(spanId) ? entry : undefined;
    for (const state of entry) if (state.has(spanId)) return state;
    return undefined;
  }

  private openTrace(traceId: string, spanId: string): TraceState {
    const now = this.now();
    this.evict(now);
    const state = new TraceState(traceId, spanId, now, this.options.maxSpansPerTrace);
    const entry = this.byTrace.get(traceId);
    if (entry === undefined) this.byTrace.set(traceId, state);
    else if (Array.isArray(entry)) entry.push(state);
    else this.byTrace.set(traceId, [entry, state]);
    state.older = this.newest;
    if (this.newest) this.newest.newer = state;
    else this.oldest = state;
    this.newest = state;
    this.count++;
    return state;
  }

  private evict(now: number): void {
    for (let s = this.oldest; s !== undefined; s = this.oldest) {
      const expired = now - s.createdAt > this.options.ttlMs;
      if (!expired && this.count < this.options.maxTraces) break;
      this.finish(s);
    }
  }
}
