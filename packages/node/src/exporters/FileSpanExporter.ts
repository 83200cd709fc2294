import type { ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { join } from 'node:path';
import { JsonLinesFile } from './JsonLinesFile';

export interface FileExporterOptions {
  /** Directory that receives `traces.jsonl`, `metrics.jsonl` and `logs.jsonl`. */
  directory: string;
  /** Bytes that may wait for the disk before telemetry is dropped. */
  maxPendingBytes?: number;
}

/** Writes spans to `<directory>/traces.jsonl`, one `ExportTraceServiceRequest` per line. */
export class FileSpanExporter implements SpanExporter {
  private readonly file: JsonLinesFile<ReadableSpan[]>;

  constructor(options: FileExporterOptions) {
    this.file = new JsonLinesFile(JsonTraceSerializer, join(options.directory, 'traces.jsonl'), options.maxPendingBytes);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.file.export(spans, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.file.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.file.shutdown();
  }
}
