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
  closed = false;
  truncated = false;

  constructor(
    readonly rootSpanId: string,
    readonly createdAt: number,
    private readonly maxSpans: number,
  ) {}

  record(entry: EndedSpan): void {
    if (this.closed) return;
    if (this.ended.length >= this.maxSpans) {
      this.truncated = true;
      return;
    }
    this.ended.push(entry);
  }

  /** Frees the entries; late children of a closed request are ignored. */
  close(): void {
    this.closed = true;
    this.ended.length = 0;
  }
}
