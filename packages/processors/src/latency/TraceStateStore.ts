import type { Span } from '@opentelemetry/sdk-trace-base';
import { TraceState } from './TraceState';

export interface TraceStateStoreOptions {
  maxTraces: number;
  maxSpansPerTrace: number;
  ttlMs: number;
  now?: () => number;
}

/**
 * Bounded per-request state. A span finds its request through its parent's span id; span ids
 * stay registered until their request's root ends (so late children still find it), and open
 * requests are kept in insertion order, so the oldest can be dropped when there are too many or
 * they are too old. String-keyed maps measured cheaper than a WeakMap keyed by span objects on
 * this hot path (no identity hashes, no ephemeron work for the collector).
 */
export class TraceStateStore {
  private readonly bySpanId = new Map<string, TraceState>();
  private readonly open = new Set<TraceState>();
  private readonly now: () => number;

  constructor(private readonly options: TraceStateStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Open requests. */
  get size(): number {
    return this.open.size;
  }

  /** Span ids currently registered (bounded by maxTraces × maxSpansPerTrace). */
  get registeredSpans(): number {
    return this.bySpanId.size;
  }

  /**
   * Registers a started span. A span without a parent, or with a remote one, opens a request;
   * a span whose local parent is unknown (its request already ended or was dropped) is not tracked.
   */
  onStart(span: Span): TraceState | undefined {
    const parent = span.parentSpanContext;
    let state: TraceState | undefined;
    if (parent === undefined || parent.isRemote) state = this.openTrace(span);
    else {
      state = this.bySpanId.get(parent.spanId);
      if (state === undefined || state.closed || !state.register()) return undefined;
    }
    const spanId = span.spanContext().spanId;
    state.spanIds.push(spanId);
    this.bySpanId.set(spanId, state);
    return state;
  }

  get(spanId: string): TraceState | undefined {
    return this.bySpanId.get(spanId);
  }

  finish(state: TraceState): void {
    for (const id of state.spanIds) {
      if (this.bySpanId.get(id) === state) this.bySpanId.delete(id);
    }
    state.close();
    this.open.delete(state);
  }

  clear(): void {
    for (const state of this.open) state.close();
    this.open.clear();
    this.bySpanId.clear();
  }

  private openTrace(root: Span): TraceState {
    const now = this.now();
    this.evict(now);
    const state = new TraceState(root.spanContext().spanId, now, this.options.maxSpansPerTrace);
    state.register();
    this.open.add(state);
    return state;
  }

  private evict(now: number): void {
    for (const oldest of this.open) {
      const expired = now - oldest.createdAt > this.options.ttlMs;
      if (!expired && this.open.size < this.options.maxTraces) break;
      this.finish(oldest);
    }
  }
}
