import type { DiagLogFunction, DiagLogger } from '@opentelemetry/api';

export interface DedupingDiagLoggerOptions {
  /** An identical warning or error is printed at most once per window. Default 60 s. */
  windowMillis?: number;
  /** Distinct messages remembered; the oldest is forgotten beyond this. Default 256. */
  maxMessages?: number;
  now?: () => number;
}

type Level = 'error' | 'warn';

/**
 * Prints each distinct warning or error once per window, then notes how often it repeated.
 * The stock SDK warns about one bad variable once per exporter (three times), and an unreachable
 * collector fails every export; the operator needs each fact once, not a log flood.
 */
export class DedupingDiagLogger implements DiagLogger {
  private readonly seen = new Map<string, { at: number; suppressed: number }>();
  private readonly windowMillis: number;
  private readonly maxMessages: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: DiagLogger,
    options: DedupingDiagLoggerOptions = {},
  ) {
    this.windowMillis = options.windowMillis ?? 60_000;
    this.maxMessages = options.maxMessages ?? 256;
    this.now = options.now ?? Date.now;
  }

  error: DiagLogFunction = (message, ...args) => this.emit('error', message, args);
  warn: DiagLogFunction = (message, ...args) => this.emit('warn', message, args);
  // Below WARN the operator asked for everything; pass it through.
  info: DiagLogFunction = (message, ...args) => this.inner.info(message, ...args);
  debug: DiagLogFunction = (message, ...args) => this.inner.debug(message, ...args);
  verbose: DiagLogFunction = (message, ...args) => this.inner.verbose(message, ...args);

  private emit(level: Level, message: string, args: unknown[]): void {
    const key = `${level}\u0000${message}\u0000${args.map(String).join('\u0000')}`;
    const t = this.now();
    const previous = this.seen.get(key);
    if (previous && t - previous.at < this.windowMillis) {
      previous.suppressed++;
      return;
    }
    this.seen.delete(key);
    if (this.seen.size >= this.maxMessages) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(key, { at: t, suppressed: 0 });
    const repeated = previous && previous.suppressed > 0 ? ` (repeated ${previous.suppressed} more times since it was last shown)` : '';
    this.inner[level](message + repeated, ...args);
  }
}
