import type { Span } from '@opentelemetry/sdk-trace-base';
import { TraceState } from './TraceState';

export interface TraceStateStoreOptions {
  maxTraces: number;
  maxSpansPerTrace: number;
  ttlMs: number;
  now?: () => number;
}

/**
 * Bounded per-request state. Spans find their request through their parent (a WeakMap keyed by
 * span objects, so finished spans are collected normally); open requests are also listed in
 * insertion order, so the oldest can be dropped when there are too many or they are too old.
 */
export class TraceStateStore {
  private readonly bySpan = new WeakMap<Span, TraceState>();
  private readonly open = new Set<TraceState>();
  private readonly now: () => number;

  constructor(private readonly options: TraceStateStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.open.size;
  }

  /** Registers a started span; returns its request state (new when the span is a local root). */
  onStart(span: Span, parent: Span | undefined): TraceState {
    const inherited = parent === undefined ? undefined : this.bySpan.get(parent);
    const state = inherited ?? this.openTrace(span);
    this.bySpan.set(span, state);
    return state;
  }

  get(span: Span): TraceState | undefined {
    return this.bySpan.get(span);
  }

  finish(state: TraceState): void {
    state.close();
    this.open.delete(state);
  }

  clear(): void {
    for (const state of this.open) state.close();
    this.open.clear();
  }

  private openTrace(root: Span): TraceState {
    const now = this.now();
    this.evict(now);
    const state = new TraceState(root.spanContext().spanId, now, this.options.maxSpansPerTrace);
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
