import type { Span } from '@opentelemetry/sdk-trace-base';
import { SharedTrace } from './SharedTrace';
import { TraceState } from './TraceState';

export interface TraceStateStoreOptions {
  maxTraces: number;
  maxSpansPerTrace: number;
  ttlMs: number;
  now?: () => number;
}

/**
 * Bounded per-request state. Open requests are found by trace id (a SharedTrace when concurrent
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
  private readonly byTrace = new Map<string, TraceState | SharedTrace>();
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
    const entry = this.byTrace.get(traceId);
    if (entry === undefined) return undefined;
    const state = entry instanceof SharedTrace ? entry.find(parent.spanId) : entry.has(parent.spanId) ? entry : undefined;
    if (state === undefined || !state.register(spanId)) return undefined;
    if (entry instanceof SharedTrace) entry.registered(state, spanId);
    return state;
  }

  /** The open request the span belongs to. */
  get(traceId: string, spanId: string): TraceState | undefined {
    const entry = this.byTrace.get(traceId);
    if (entry === undefined) return undefined;
    if (entry instanceof SharedTrace) return entry.find(spanId);
    return entry.has(spanId) ? entry : undefined;
  }

  finish(state: TraceState): void {
    if (state.closed) return;
    state.close();
    const entry = this.byTrace.get(state.traceId);
    if (entry === state) this.byTrace.delete(state.traceId);
    else if (entry instanceof SharedTrace && entry.remove(state) === 1) this.byTrace.set(state.traceId, entry.states[0]!);
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

  private openTrace(traceId: string, spanId: string): TraceState {
    const now = this.now();
    this.evict(now);
    const state = new TraceState(traceId, spanId, now, this.options.maxSpansPerTrace);
    const entry = this.byTrace.get(traceId);
    if (entry === undefined) this.byTrace.set(traceId, state);
    else if (entry instanceof SharedTrace) entry.add(state);
    else this.byTrace.set(traceId, new SharedTrace(entry, state));
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
