import { OTLPLogExporter as OTLPGrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as OTLPProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as OTLPGrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import {
  AggregationTemporalityPreference,
  CumulativeTemporalitySelector,
  DeltaTemporalitySelector,
  LowMemoryTemporalitySelector,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OTLPGrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchLogRecordProcessor, ConsoleLogRecordExporter, type LogRecordExporter, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  ConsoleMetricExporter,
  PeriodicExportingMetricReader,
  type IMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { MetricsTemporality, ResolvedConfig } from '../config/types';
import { BackoffExporter } from './BackoffExporter';
import { FileLogRecordExporter } from './FileLogRecordExporter';
import { FileMetricExporter } from './FileMetricExporter';
import { FileSpanExporter } from './FileSpanExporter';
import { StdoutGuardExporter } from './StdoutGuardExporter';

const TEMPORALITY: Record<MetricsTemporality, AggregationTemporalityPreference> = {
  delta: AggregationTemporalityPreference.DELTA,
  cumulative: AggregationTemporalityPreference.CUMULATIVE,
  lowmemory: AggregationTemporalityPreference.LOWMEMORY,
};
const TEMPORALITY_SELECTOR = {
  delta: DeltaTemporalitySelector,
  cumulative: CumulativeTemporalitySelector,
  lowmemory: LowMemoryTemporalitySelector,
};

type PipelineConfig = Pick<
  ResolvedConfig,
  | 'traceExporters'
  | 'metricExporters'
  | 'logExporters'
  | 'otlpProtocol'
  | 'metricsTemporality'
  | 'metricExportIntervalMillis'
  | 'metricExportTimeoutMillis'
  | 'spanBatch'
  | 'logBatch'
  | 'exportDir'
  | 'fileMaxPendingBytes'
>;

/**
 * Every exporter sits behind a batch processor (or the periodic reader) with a bounded queue,
 * console included, so a slow sink costs dropped telemetry rather than memory or latency.
 * Endpoints, headers, TLS and timeouts of the OTLP exporters come from `OTEL_EXPORTER_OTLP_*`,
 * which the stock exporters read themselves; span and log OTLP exporters back off after a failure
 * so an unreachable collector costs no CPU.
 */
export function createSpanExportProcessors(config: PipelineConfig): SpanProcessor[] {
  return config.traceExporters.map((name) => {
    const exporter: SpanExporter =
      name === 'file'
        ? new FileSpanExporter({ directory: config.exportDir, maxPendingBytes: config.fileMaxPendingBytes })
        : name === 'console'
          ? new StdoutGuardExporter(new ConsoleSpanExporter())
          : new BackoffExporter(config.otlpProtocol.traces === 'grpc' ? new OTLPGrpcTraceExporter() : new OTLPProtoTraceExporter());
    return new BatchSpanProcessor({ exporter, ...config.spanBatch });
  });
}

export function createMetricReaders(config: PipelineConfig): IMetricReader[] {
  const temporalityPreference = TEMPORALITY[config.metricsTemporality];
  // The periodic reader throws when the timeout exceeds the interval; clamp instead.
  const exportTimeoutMillis = Math.min(config.metricExportTimeoutMillis, config.metricExportIntervalMillis);
  return config.metricExporters.map((name) => {
    const exporter: PushMetricExporter =
      name === 'file'
        ? new FileMetricExporter({
            directory: config.exportDir,
            maxPendingBytes: config.fileMaxPendingBytes,
            temporalitySelector: TEMPORALITY_SELECTOR[config.metricsTemporality],
          })
        : name === 'console'
          ? new ConsoleMetricExporter({ temporalitySelector: TEMPORALITY_SELECTOR[config.metricsTemporality] })
          : config.otlpProtocol.metrics === 'grpc'
            ? new OTLPGrpcMetricExporter({ temporalityPreference })
            : new OTLPProtoMetricExporter({ temporalityPreference });
    return new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: config.metricExportIntervalMillis,
      exportTimeoutMillis,
    });
  });
}

export function createLogExportProcessors(config: PipelineConfig): LogRecordProcessor[] {
  return config.logExporters.map((name) => {
    const exporter: LogRecordExporter =
      name === 'file'
        ? new FileLogRecordExporter({ directory: config.exportDir, maxPendingBytes: config.fileMaxPendingBytes })
        : name === 'console'
          ? new StdoutGuardExporter(new ConsoleLogRecordExporter())
          : new BackoffExporter(config.otlpProtocol.logs === 'grpc' ? new OTLPGrpcLogExporter() : new OTLPProtoLogExporter());
    return new BatchLogRecordProcessor({ exporter, ...config.logBatch });
  });
}
