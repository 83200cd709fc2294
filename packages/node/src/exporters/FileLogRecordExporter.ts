import type { ExportResult } from '@opentelemetry/core';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { join } from 'node:path';
import type { FileExporterOptions } from './FileSpanExporter';
import { JsonLinesFile } from './JsonLinesFile';

/** Writes log records to `<directory>/logs.jsonl`, one `ExportLogsServiceRequest` per line. */
export class FileLogRecordExporter implements LogRecordExporter {
  private readonly file: JsonLinesFile<ReadableLogRecord[]>;

  constructor(options: FileExporterOptions) {
    this.file = new JsonLinesFile(JsonLogsSerializer, join(options.directory, 'logs.jsonl'), options.maxPendingBytes);
  }

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.file.export(logs, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.file.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.file.shutdown();
  }
}
