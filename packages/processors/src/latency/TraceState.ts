/** One ended span of a request, as the root needs it. */
export interface EndedSpan {
  parentSpanId: string | undefined;
  component: string | undefined;
  startMs: number;
  endMs: number;
  /** Own time (duration minus children) for self-time components, else undefined. */
  selfMs: number | undefined;
}

/**
 * What the latency-budget processor remembers about one request until its local root ends.
 * Holds numbers and short strings only, never the spans themselves.
 */
export class TraceState {
  readonly ended: EndedSpan[] = [];
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

  record(entry: EndedSpan): void {
    if (!this.closed) this.ended.push(entry);
  }

  /** Frees the entries; late children of a closed request are ignored. */
  close(): void {
    this.closed = true;
    this.ended.length = 0;
    this.spanIds.length = 0;
  }
}
