import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BoundedFileWriter } from './BoundedFileWriter';

/** The part of an OTLP/JSON serializer we use (`@opentelemetry/otlp-transformer`'s `Json*Serializer`). */
export interface RequestSerializer<T> {
  serializeRequest(request: T): Uint8Array | undefined;
}

const decoder = new TextDecoder();

/**
 * One OTLP/JSON `Export…ServiceRequest` per line, as the collector's file exporter writes them.
 * Shared by the three signal exporters, which differ only in the serializer and file name.
 */
export class JsonLinesFile<T> {
  private readonly writer: BoundedFileWriter;
  private stopped = false;

  constructor(
    private readonly serializer: RequestSerializer<T>,
    path: string,
    maxPendingBytes?: number,
  ) {
    this.writer = new BoundedFileWriter({ path, maxPendingBytes });
  }

  get path(): string {
    return this.writer.path;
  }

  export(items: T, resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('file exporter is shut down') });
      return;
    }
    let line: string;
    try {
      const bytes = this.serializer.serializeRequest(items);
      if (!bytes) throw new Error('serializer returned nothing');
      line = decoder.decode(bytes);
    } catch (err) {
      resultCallback({ code: ExportResultCode.FAILED, error: err as Error });
      return;
    }
    void this.writer.write(line).then((ok) =>
      resultCallback(ok ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: new Error(`not written to ${this.path}`) }),
    );
  }

  forceFlush(): Promise<void> {
    return this.writer.flush();
  }

  shutdown(): Promise<void> {
    this.stopped = true;
    return this.writer.close();
  }
}
