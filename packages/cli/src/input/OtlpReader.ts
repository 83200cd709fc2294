import { DEFAULT_COMPONENT_RULES, type ComponentRule } from '@kensa/processors';
import { ChunkDecoder, type ChunkResult } from './ChunkDecoder';
import { DecodePool } from './DecodePool';
import { LineChunkReader } from './LineChunkReader';
import { emptyReadStats, type ReadStats } from './ReadStats';
import type { InputFile } from './resolveInputs';
import { SpanBatch } from './SpanBatch';
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

/** A decoded chunk (`ready`), one still in a worker, or — without either — the end of its file. */
interface Queued {
  state: FileState;
  bytesDone: number;
  result?: Promise<ChunkResult>;
  ready?: ChunkResult;
  /** A batch of ours the result was decoded into, to reuse once applied. */
  spare?: SpanBatch;
}

/**
 * Chunks per worker in flight. Two keep a worker busy while a result waits to be applied; the third
 * sends it more of the decoding, which balances it with the main thread, which also aggregates
 * (main and worker CPU within 5% of each other for 1M spans on two cores, against 25% with two).
 */
const PER_WORKER = 3;
/** Chunks the main thread decodes ahead while earlier ones are still in workers. */
const LOCAL_AHEAD = 4;

/**
 * Streams OTLP/JSON files chunk by chunk (binary reads cut at line ends), decodes them in worker
 * threads — and in this thread whenever every worker is busy, rather than wait — and hands the
 * spans to `onSpan` in file order, so the report is the same either way. Memory is bounded: a few
 * chunks in flight, never a whole file.
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
    const spares: SpanBatch[] = [];
    const queue: Queued[] = [];
    const maxQueued = workers * PER_WORKER + LOCAL_AHEAD;
    const applyHead = async (): Promise<void> => {
      const q = queue.shift() as Queued;
      if (q.ready === undefined && q.result === undefined) {
        this.finishFile(q.state, stats);
        return;
      }
      this.apply(q.ready ?? (await (q.result as Promise<ChunkResult>)), q.state, stats);
      if (q.spare !== undefined) spares.push(q.spare);
      this.options.onProgress?.(q.state.doneBefore + q.bytesDone);
    };
    const arrived = (q: Queued): boolean => q.ready !== undefined || q.result === undefined;
    try {
      let doneBefore = 0;
      for (const file of files) {
        const state: FileState = { file, doneBefore, lines: 0, skipped: 0 };
        for await (const chunk of source.chunks(file.path)) {
          // Apply what has come back, in order, so the workers get room again.
          while (queue.length > 0 && arrived(queue[0] as Queued)) await applyHead();
          if (pool !== undefined && pool.hasCapacity(PER_WORKER)) {
            const q: Queued = { state, bytesDone: chunk.bytesDone };
            q.result = pool.decode(chunk.buffer, chunk.length).then((done) => {
              source.recycle(done.buffer);
              q.ready = done.result;
              return done.result;
            });
            // Awaited in order later; until then a failure must not count as unhandled.
            q.result.catch(() => undefined);
            queue.push(q);
          } else if (queue.length === 0) {
            // Nothing ahead of it: decode and apply at once.
            const result = local.decode(chunk.buffer, chunk.length);
            source.recycle(chunk.buffer);
            queue.push({ state, bytesDone: chunk.bytesDone, ready: result });
            await applyHead();
          } else {
            // Every worker is busy: decode here instead of waiting, into a batch of its own since
            // it is applied after the chunks ahead of it.
            const spare = spares.pop() ?? new SpanBatch();
            const result = local.decode(chunk.buffer, chunk.length, spare);
            source.recycle(chunk.buffer);
            queue.push({ state, bytesDone: chunk.bytesDone, ready: result, spare });
          }
          while (queue.length >= maxQueued) await applyHead();
        }
        queue.push({ state, bytesDone: file.bytes });
        doneBefore += file.bytes;
      }
      while (queue.length > 0) await applyHead();
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
