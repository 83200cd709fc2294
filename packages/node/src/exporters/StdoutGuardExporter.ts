import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { BatchExporter } from './BackoffExporter';

const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Drops console-exporter batches while stdout has more than `maxBufferedBytes` waiting. When
 * stdout is a pipe or a slow terminal Node buffers writes without limit, so the SDK's console
 * exporters could otherwise grow the heap by hundreds of MB under load.
 */
export class StdoutGuardExporter<T> implements BatchExporter<T> {
  private warned = false;

  constructor(
    private readonly inner: BatchExporter<T>,
    private readonly stream: { writableLength: number } = process.stdout,
    private readonly maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES,
  ) {}

  export(items: T, resultCallback: (result: ExportResult) => void): void {
    if (this.stream.writableLength > this.maxBufferedBytes) {
      if (!this.warned) {
        this.warned = true;
        diag.warn('kensa: console exporter is ahead of stdout; dropping telemetry until it drains');
      }
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('stdout backlog: batch dropped') });
      return;
    }
    this.inner.export(items, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
