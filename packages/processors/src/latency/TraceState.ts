/**
 * The ended spans of a request, as the root needs them, in parallel arrays: one object per span
 * would be garbage on the hottest path, and number arrays stay unboxed.
 */
export interface EndedSpans {
  parentSpanIds: Array<string | undefined>;
  components: Array<string | undefined>;
  startMs: number[];
  endMs: number[];
  /** Own time (duration minus children) for self-time components, else NaN. */
  selfMs: number[];
}

/**
 * What the latency-budget processor remembers about one request until its local root ends.
 * Holds numbers and short strings only, never the spans themselves.
 */
export class TraceState {
  readonly ended: EndedSpans = { parentSpanIds: [], components: [], startMs: [], endMs: [], selfMs: [] };
  /** Ids of the request's tracked spans, in start order; the root's is first. */
  readonly spanIds: string[];
  closed = false;
  truncated = false;
  /** Neighbours in the store's list of open requests, oldest first (an intrusive list: no per-request node). */
  older: TraceState | undefined;
  newer: TraceState | undefined;

  constructor(
    readonly traceId: string,
    readonly rootSpanId: string,
    readonly createdAt: number,
    private readonly maxSpans: number,
  ) {
    this.spanIds = [rootSpanId];
  }

  /** Adds a started span; false once the request has as many as it may keep. */
  register(spanId: string): boolean {
    if (this.spanIds.length >= this.maxSpans) {
      this.truncated = true;
      return false;
    }
    this.spanIds.push(spanId);
    return true;
  }

  /**
   * Whether the span belongs to this request. The root and the latest spans are checked first:
   * a child's parent is usually one of them, and a span usually ends soon after it started, so
   * the scan is short for the traces requests make (and bounded by maxSpans).
   */
  has(spanId: string): boolean {
    const ids = this.spanIds;
    if (ids[0] === spanId) return true;
    for (let i = ids.length - 1; i > 0; i--) if (ids[i] === spanId) return true;
    return false;
  }

  record(parentSpanId: string | undefined, component: string | undefined, startMs: number, endMs: number, selfMs: number): void {
    if (this.closed) return;
    const e = this.ended;
    e.parentSpanIds.push(parentSpanId);
    e.components.push(component);
    e.startMs.push(startMs);
    e.endMs.push(endMs);
    e.selfMs.push(selfMs);
  }

  /**
   * Marks the request done; late children of a closed request are ignored. The store drops every
   * reference to a closed state, so its arrays go with it (truncating them measured as pure cost).
   */
  close(): void {
    this.closed = true;
  }
}
