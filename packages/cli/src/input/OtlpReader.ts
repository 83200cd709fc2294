import { DEFAULT_COMPONENT_RULES, type ComponentRule } from '@kensa/processors';
import { ChunkDecoder, type ChunkResult } from './ChunkDecoder';
import { DecodePool } from './DecodePool';
import { LineChunkReader } from './LineChunkReader';
import { emptyReadStats, type ReadStats } from './ReadStats';
import type { InputFile } from './resolveInputs';
import { SpanRecord } from './SpanRecord';

export type { ReadStats } from './ReadStats';

export interface OtlpReaderOptions {
  /** Called for every span with a reused record: copy what you keep. */
  onSpan: (span: SpanRecord) => void;
  /** Skipped-line messages (file and line named). */
  onWarning?: (message: string) => void;
  /** Bytes consumed so far across all files. */
  onProgress?: (bytesDone: number) => void;
  /** Rules mapping spans without `kensa.budget.component` to components (default: the processors'). */
  rules?: readonly ComponentRule[];
  /** Individual skipped-line messages per file before they are only counted (default 5). */
  maxWarningsPerFile?: number;
  /** Decode worker threads; 0 (the default) decodes in this thread. */
  workers?: number;
  /** The built worker entry (default: decodeWorker.js beside this bundle). */
  workerScript?: string;
  /** Bytes per chunk (default 2 MiB). */
  chunkBytes?: number;
}

/** Where a file's line numbering and skip count stand while its chunks are applied in order. */
interface FileState {
  file: InputFile;
  doneBefore: number;
  lines: number;
  skipped: number;
}

/** A chunk being decoded, or (without `result`) the end of its file. */
interface Queued {
  state: FileState;
  bytesDone: number;
  result?: Promise<ChunkResult>;
}

/**
 * Streams OTLP/JSON files chunk by chunk (binary reads cut at line ends), decodes them in this
 * thread or in worker threads, and hands the spans to `onSpan` in file order, so the report is the
 * same either way. Memory is bounded: a few chunks in flight, never a whole file.
 */
export class OtlpReader {
  private readonly record = new SpanRecord();
  private readonly maxWarnings: number;
  private readonly rules: readonly ComponentRule[];

  constructor(private readonly options: OtlpReaderOptions) {
    this.maxWarnings = options.maxWarningsPerFile ?? 5;
    this.rules = options.rules ?? DEFAULT_COMPONENT_RULES;
  }

  async read(files: readonly InputFile[]): Promise<ReadStats> {
    const stats = emptyReadStats();
    const source = new LineChunkReader(this.options.chunkBytes !== undefined ? { chunkBytes: this.options.chunkBytes } : {});
    const workers = Math.max(0, Math.floor(this.options.workers ?? 0));
    const pool = workers > 0 ? new DecodePool({ workers, rules: this.rules, maxSkips: this.maxWarnings, ...(this.options.workerScript !== undefined ? { script: this.options.workerScript } : {}) }) : undefined;
    const local = new ChunkDecoder(this.rules, this.maxWarnings);
    // Two chunks per worker keep each busy while the main thread applies an earlier result; more
    // would only hold more memory. In this thread a chunk is applied as soon as it is decoded.
    const maxInFlight = Math.max(1, workers * 2);
    const queue: Queued[] = [];
    let inFlight = 0;
    const applyNext = async (): Promise<void> => {
      const q = queue.shift() as Queued;
      if (q.result === undefined) {
        this.finishFile(q.state, stats);
        return;
      }
      inFlight--;
      this.apply(await q.result, q.state, stats);
      this.options.onProgress?.(q.state.doneBefore + q.bytesDone);
    };
    try {
      let doneBefore = 0;
      for (const file of files) {
        const state: FileState = { file, doneBefore, lines: 0, skipped: 0 };
        for await (const chunk of source.chunks(file.path)) {
          let result: Promise<ChunkResult>;
          if (pool !== undefined) {
            result = pool.decode(chunk.buffer, chunk.length).then((done) => {
              source.recycle(done.buffer);
              return done.result;
            });
          } else {
            result = Promise.resolve(local.decode(chunk.buffer, chunk.length));
            source.recycle(chunk.buffer);
          }
          // Awaited in order later; until then a failure must not count as unhandled.
          result.catch(() => undefined);
          queue.push({ state, bytesDone: chunk.bytesDone, result });
          inFlight++;
          while (inFlight >= maxInFlight) await applyNext();
        }
        queue.push({ state, bytesDone: file.bytes });
        doneBefore += file.bytes;
      }
      while (queue.length > 0) await applyNext();
    } finally {
      // After an error, let what is still in flight settle before the workers go.
      await Promise.allSettled(queue.map((q) => q.result));
      await pool?.close();
    }
    return stats;
  }

  private apply(result: ChunkResult, state: FileState, stats: ReadStats): void {
    const c = result.counts;
    // The chunk names its first skipped lines; the file names its first maxWarnings.
    result.skips.forEach((skip, k) => {
      if (state.skipped + k < this.maxWarnings) this.options.onWarning?.(`${state.file.path}:${state.lines + skip.line}: skipped, ${skip.why}`);
    });
    state.skipped += c.skippedLines;
    state.lines += c.lines;
    stats.lines += c.lines;
    stats.traceLines += c.traceLines;
    stats.metricLines += c.metricLines;
    stats.logLines += c.logLines;
    stats.spans += c.spans;
    stats.metricDataPoints += c.metricDataPoints;
    stats.logRecords += c.logRecords;
    stats.skippedLines += c.skippedLines;
    const batch = result.spans;
    const rec = this.record;
    const onSpan = this.options.onSpan;
    for (let i = 0; i < batch.count; i++) {
      batch.read(i, rec);
      onSpan(rec);
    }
  }

  private finishFile(state: FileState, stats: ReadStats): void {
    if (state.skipped > this.maxWarnings) {
      this.options.onWarning?.(`${state.file.path}: ${state.skipped - this.maxWarnings} more lines skipped (${state.skipped} in total)`);
    }
    stats.files++;
    stats.bytes = state.doneBefore + state.file.bytes;
    this.options.onProgress?.(stats.bytes);
  }
}
