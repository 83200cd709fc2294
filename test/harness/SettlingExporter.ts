import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Wraps an exporter so a test can wait for every export it has started and learn whether all succeeded.
 *
 * Why: `BatchSpanProcessor.forceFlush()` exports what is still buffered, but not a batch the processor
 * started on its own when the buffer reached `maxExportBatchSize`. That batch can still be on the wire when
 * forceFlush resolves, so a test that kills the receiver right after a flush would lose it and blame the
 * collector. {@link settle} closes that gap.
 */
export class SettlingExporter implements SpanExporter {
  private readonly pending = new Set<Promise<void>>();
  private failures: string[] = [];

  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let done!: () => void;
    const exported = new Promise<void>((resolve) => (done = resolve));
    this.pending.add(exported);
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) {
        this.failures.push(`${spans.length} spans: ${result.error?.message ?? 'export failed'}`);
      }
      this.pending.delete(exported);
      done();
      resultCallback(result);
    });
  }

  /** Resolves once no export is in flight; rejects if any export since the last call failed. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    const failures = this.failures;
    this.failures = [];
    if (failures.length > 0) throw new Error(`span export failed: ${failures.join('; ')}`);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
