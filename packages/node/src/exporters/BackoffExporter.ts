import { ExportResultCode, type ExportResult } from '@opentelemetry/core';

/** The export surface shared by span and log-record exporters. */
export interface BatchExporter<T> {
  export(items: T, resultCallback: (result: ExportResult) => void): void;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface BackoffExporterOptions {
  /** First pause after a failed export. Default 1 s. */
  initialBackoffMillis?: number;
  /** Longest pause. Default 30 s. */
  maxBackoffMillis?: number;
  now?: () => number;
}

const SKIPPED = new Error('collector unreachable: batch dropped while export is backing off');

/**
 * After a failed export, fails the following batches at once, without serializing or sending
 * them, for a doubling pause (1 s … 30 s); the first success resets it. A dead collector refuses
 * connections instantly, so without this the batch processor serializes batch after batch as
 * fast as the CPU allows — exporting to nowhere would cost more than exporting to a collector.
 */
export class BackoffExporter<T> implements BatchExporter<T> {
  private readonly initial: number;
  private readonly max: number;
  private readonly now: () => number;
  private pause: number;
  private resumeAt = 0;

  constructor(
    private readonly inner: BatchExporter<T>,
    options: BackoffExporterOptions = {},
  ) {
    this.initial = options.initialBackoffMillis ?? 1000;
    this.max = options.maxBackoffMillis ?? 30_000;
    this.now = options.now ?? Date.now;
    this.pause = this.initial;
  }

  export(items: T, resultCallback: (result: ExportResult) => void): void {
    if (this.now() < this.resumeAt) {
      resultCallback({ code: ExportResultCode.FAILED, error: SKIPPED });
      return;
    }
    this.inner.export(items, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.pause = this.initial;
        this.resumeAt = 0;
      } else {
        this.resumeAt = this.now() + this.pause;
        this.pause = Math.min(this.pause * 2, this.max);
      }
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
