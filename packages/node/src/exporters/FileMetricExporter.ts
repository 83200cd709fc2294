import type { ExportResult } from '@opentelemetry/core';
import { DeltaTemporalitySelector } from '@opentelemetry/exporter-metrics-otlp-http';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { AggregationTemporality, InstrumentType, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { join } from 'node:path';
import type { FileExporterOptions } from './FileSpanExporter';
import { JsonLinesFile } from './JsonLinesFile';

export interface FileMetricExporterOptions extends FileExporterOptions {
  /** Defaults to the OTLP exporters' delta selector, so files and CloudWatch see the same numbers. */
  temporalitySelector?: (instrumentType: InstrumentType) => AggregationTemporality;
}

/** Writes metrics to `<directory>/metrics.jsonl`, one `ExportMetricsServiceRequest` per line. */
export class FileMetricExporter implements PushMetricExporter {
  private readonly file: JsonLinesFile<ResourceMetrics>;
  private readonly temporalitySelector: (instrumentType: InstrumentType) => AggregationTemporality;

  constructor(options: FileMetricExporterOptions) {
    this.file = new JsonLinesFile(JsonMetricsSerializer, join(options.directory, 'metrics.jsonl'), options.maxPendingBytes);
    this.temporalitySelector = options.temporalitySelector ?? DeltaTemporalitySelector;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.file.export(metrics, resultCallback);
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.temporalitySelector(instrumentType);
  }

  forceFlush(): Promise<void> {
    return this.file.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.file.shutdown();
  }
}
