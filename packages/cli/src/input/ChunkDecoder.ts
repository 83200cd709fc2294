import type { ComponentRule } from '@kensa/processors';
import { decodeParsedLine } from './decodeParsedLine';
import { emptyChunkCounts, type ChunkCounts } from './ReadStats';
import { SpanBatch } from './SpanBatch';
import { SpanRecord } from './SpanRecord';
import { TraceLineDecoder } from './TraceLineDecoder';

export type { ChunkCounts } from './ReadStats';

/** A skipped line: its number within the chunk (from 1) and why. */
export interface ChunkSkip {
  line: number;
  why: string;
}

export interface ChunkResult {
  counts: ChunkCounts;
  /** The first skipped lines, as many as may still be named per file; the rest are only counted. */
  skips: ChunkSkip[];
  spans: SpanBatch;
}

const NOT_JSON = 'not valid JSON (truncated line?)';
const NOT_OTLP = 'not an OTLP/JSON export request (no resourceSpans, resourceMetrics or resourceLogs)';

/**
 * Decodes a chunk of whole lines (see LineChunkReader) into a {@link SpanBatch} and counts. Lines
 * are cut as readline cut them (`\n`, `\r\n`, a lone `\r`). Each line goes to the byte decoder
 * first; whatever it declines goes through JSON.parse and the reference decoder, so bad and unusual
 * lines are judged exactly as before. The same class runs in the main thread and in the workers.
 */
export class ChunkDecoder {
  private readonly fast: TraceLineDecoder;
  private readonly record = new SpanRecord();
  private readonly own = new SpanBatch();
  private batch = this.own;

  constructor(private readonly rules: readonly ComponentRule[], private readonly maxSkips = 5) {
    this.fast = new TraceLineDecoder(rules);
  }

  /**
   * Bytes `[0, length)` of `b`, ending with `\n`, into `into` — by default a batch of the
   * decoder's own that the next call reuses: read it (or post its message) first.
   */
  decode(b: Buffer, length: number, into: SpanBatch = this.own): ChunkResult {
    const batch = into;
    batch.clear();
    this.batch = batch;
    const result: ChunkResult = {
      counts: emptyChunkCounts(),
      skips: [],
      spans: batch,
    };
    const hasCr = b.subarray(0, length).includes(0x0d);
    let pos = 0;
    while (pos < length) {
      const nl = b.indexOf(0x0a, pos);
      if (hasCr) this.splitAtCr(b, pos, nl, result);
      else this.line(b, pos, nl, result);
      pos = nl + 1;
    }
    return result;
  }

  /** `\r\n` ends a line, and so does a lone `\r` (readline's rule); each piece is followed by one. */
  private splitAtCr(b: Buffer, start: number, end: number, result: ChunkResult): void {
    if (end > start && b[end - 1] === 0x0d) end--;
    let from = start;
    for (let i = start; i < end; i++) {
      if (b[i] !== 0x0d) continue;
      this.line(b, from, i, result);
      from = i + 1;
    }
    this.line(b, from, end, result);
  }

  private line(b: Buffer, start: number, end: number, result: ChunkResult): void {
    const counts = result.counts;
    counts.lines++;
    if (this.fast.decode(b, start, end, this.batch)) {
      counts.traceLines++;
      counts.spans += this.fast.spans;
      return;
    }
    const line = b.toString('utf8', start, end);
    if (line.length === 0 || line.trim().length === 0) return;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      this.skip(result, NOT_JSON);
      return;
    }
    if (!decodeParsedLine(doc, counts, this.record, this.batch, this.rules)) this.skip(result, NOT_OTLP);
  }

  private skip(result: ChunkResult, why: string): void {
    result.counts.skippedLines++;
    if (result.skips.length < this.maxSkips) result.skips.push({ line: result.counts.lines, why });
  }
}
