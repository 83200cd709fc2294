import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DEFAULT_COMPONENT_RULES, type ComponentRule } from '@kensa/processors';
import { decodeSpan } from './SpanDecoder';
import type { InputFile } from './resolveInputs';
import { SpanRecord, type OtlpSpan } from './SpanRecord';

/** What the reader saw, for the report's input summary and for deciding the exit code. */
export interface ReadStats {
  files: number;
  bytes: number;
  lines: number;
  traceLines: number;
  metricLines: number;
  logLines: number;
  spans: number;
  metricDataPoints: number;
  logRecords: number;
  skippedLines: number;
}

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
}

/** Streams OTLP/JSON lines file by file, line by line; only the current line is ever in memory. */
export class OtlpReader {
  private readonly record = new SpanRecord();
  private readonly maxWarnings: number;
  private readonly rules: readonly ComponentRule[];

  constructor(private readonly options: OtlpReaderOptions) {
    this.maxWarnings = options.maxWarningsPerFile ?? 5;
    this.rules = options.rules ?? DEFAULT_COMPONENT_RULES;
  }

  async read(files: readonly InputFile[]): Promise<ReadStats> {
    const stats: ReadStats = {
      files: 0, bytes: 0, lines: 0, traceLines: 0, metricLines: 0, logLines: 0,
      spans: 0, metricDataPoints: 0, logRecords: 0, skippedLines: 0,
    };
    let doneBefore = 0;
    for (const file of files) {
      await this.readFile(file, stats, doneBefore);
      doneBefore += file.bytes;
      stats.files++;
      stats.bytes = doneBefore;
      this.options.onProgress?.(doneBefore);
    }
    return stats;
  }

  private readFile(file: InputFile, stats: ReadStats, doneBefore: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const stream = createReadStream(file.path, { highWaterMark: 1 << 20 });
      const rl = createInterface({ input: stream, crlfDelay: Infinity });
      let lineNo = 0;
      let skippedHere = 0;
      let lastProgress = 0;
      const skip = (why: string): void => {
        stats.skippedLines++;
        skippedHere++;
        if (skippedHere <= this.maxWarnings) this.options.onWarning?.(`${file.path}:${lineNo}: skipped, ${why}`);
      };
      rl.on('line', (line) => {
        lineNo++;
        stats.lines++;
        if (line.length === 0 || line.trim().length === 0) return;
        let doc: unknown;
        try {
          doc = JSON.parse(line);
        } catch {
          skip('not valid JSON (truncated line?)');
          return;
        }
        if (!this.dispatch(doc, stats)) skip('not an OTLP/JSON export request (no resourceSpans, resourceMetrics or resourceLogs)');
        if (this.options.onProgress !== undefined && lineNo - lastProgress >= 64) {
          lastProgress = lineNo;
          this.options.onProgress(doneBefore + stream.bytesRead);
        }
      });
      rl.on('close', () => {
        if (skippedHere > this.maxWarnings) {
          this.options.onWarning?.(`${file.path}: ${skippedHere - this.maxWarnings} more lines skipped (${skippedHere} in total)`);
        }
        resolve();
      });
      stream.on('error', (err) => {
        rl.close();
        reject(err);
      });
    });
  }

  /** Returns false when the line is JSON but not an OTLP export request. */
  private dispatch(doc: unknown, stats: ReadStats): boolean {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
    const d = doc as { resourceSpans?: unknown; resourceMetrics?: unknown; resourceLogs?: unknown };
    if (Array.isArray(d.resourceSpans)) {
      stats.traceLines++;
      this.visitSpans(d.resourceSpans, stats);
      return true;
    }
    if (Array.isArray(d.resourceMetrics)) {
      stats.metricLines++;
      stats.metricDataPoints += countMetricPoints(d.resourceMetrics);
      return true;
    }
    if (Array.isArray(d.resourceLogs)) {
      stats.logLines++;
      for (const rl of d.resourceLogs as { scopeLogs?: { logRecords?: unknown[] }[] }[]) {
        for (const sl of rl?.scopeLogs ?? []) stats.logRecords += Array.isArray(sl?.logRecords) ? sl.logRecords.length : 0;
      }
      return true;
    }
    return false;
  }

  private visitSpans(resourceSpans: unknown[], stats: ReadStats): void {
    const rec = this.record;
    const rules = this.rules;
    const onSpan = this.options.onSpan;
    for (const rs of resourceSpans as { scopeSpans?: { spans?: OtlpSpan[] }[] }[]) {
      const scopeSpans = rs?.scopeSpans;
      if (!Array.isArray(scopeSpans)) continue;
      for (const ss of scopeSpans) {
        const spans = ss?.spans;
        if (!Array.isArray(spans)) continue;
        for (let i = 0; i < spans.length; i++) {
          const span = spans[i];
          if (span === null || typeof span !== 'object') continue;
          decodeSpan(span, rec, rules);
          if (rec.traceId === '' || rec.spanId === '' || !Number.isFinite(rec.durationMs)) continue;
          stats.spans++;
          onSpan(rec);
        }
      }
    }
  }
}

function countMetricPoints(resourceMetrics: unknown[]): number {
  let n = 0;
  for (const rm of resourceMetrics as { scopeMetrics?: { metrics?: Record<string, { dataPoints?: unknown[] }>[] }[] }[]) {
    for (const sm of rm?.scopeMetrics ?? []) {
      for (const m of sm?.metrics ?? []) {
        for (const k of ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary']) {
          const dp = m?.[k]?.dataPoints;
          if (Array.isArray(dp)) n += dp.length;
        }
      }
    }
  }
  return n;
}
