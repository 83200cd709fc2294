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
  /** Ids of the request's spans registered in the store, removed when the request finishes. */
  readonly spanIds: string[] = [];
  closed = false;
  truncated = false;
  private spans = 0;

  constructor(
    readonly rootSpanId: string,
    readonly createdAt: number,
    private readonly maxSpans: number,
  ) {}

  /** Counts one more span of the request; false once the request has as many as it may keep. */
  register(): boolean {
    if (this.spans >= this.maxSpans) {
      this.truncated = true;
      return false;
    }
    this.spans++;
    return true;
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
