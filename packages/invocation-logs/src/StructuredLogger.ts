import { BMAS_LEVEL, type BmasCode } from './bmas';

/** One structured log entry: a BMAS code, a message, and where it happened (bucket, key, line). */
export interface LogEntry {
  /** Absent only for progress entries (an object done), which are not problems. */
  code?: BmasCode;
  level?: 'info' | 'warn' | 'error' | 'critical';
  message: string;
  bucket?: string;
  key?: string;
  line?: number;
  [field: string]: unknown;
}

/** Where log lines go; defaults to stdout, which Lambda ships to CloudWatch Logs as JSON. */
export type LogSink = (line: string) => void;

export interface StructuredLoggerOptions {
  sink?: LogSink;
  /** Per (object, code), only the first few lines are logged individually; the rest are summarized. */
  maxLinesPerCode?: number;
}

/** Writes one JSON object per line, so Logs Insights can filter by `code`, `key` and `line`. */
export class StructuredLogger {
  private readonly sink: LogSink;
  readonly maxLinesPerCode: number;

  constructor(options: StructuredLoggerOptions = {}) {
    this.sink = options.sink ?? ((line) => process.stdout.write(line + '\n'));
    this.maxLinesPerCode = options.maxLinesPerCode ?? 10;
  }

  log(entry: LogEntry): void {
    const record = { ...entry, level: entry.level ?? (entry.code !== undefined ? BMAS_LEVEL[entry.code] : 'info'), time: new Date().toISOString() };
    try {
      this.sink(JSON.stringify(record));
    } catch {
      // A failing sink must not turn a logged problem into a lost object.
    }
  }
}
