import type { DiagLogLevel } from '@opentelemetry/api';

/** Where a signal goes. `file` writes OTLP JSON lines into the export directory. */
export type ExporterName = 'otlp' | 'file' | 'console';
export const EXPORTER_NAMES: readonly ExporterName[] = ['otlp', 'file', 'console'];

/** OTLP transport. gRPC is the default because the ADOT sidecar listens on localhost:4317. */
export type OtlpProtocol = 'grpc' | 'http/protobuf';
export const OTLP_PROTOCOLS: readonly OtlpProtocol[] = ['grpc', 'http/protobuf'];

/** Metric temporality; delta because CloudWatch EMF does not convert cumulative histograms. */
export type MetricsTemporality = 'delta' | 'cumulative' | 'lowmemory';
export const METRICS_TEMPORALITIES: readonly MetricsTemporality[] = ['delta', 'cumulative', 'lowmemory'];

export type PropagatorName = 'tracecontext' | 'baggage' | 'xray';
export const PROPAGATOR_NAMES: readonly PropagatorName[] = ['tracecontext', 'baggage', 'xray'];

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio'
  | 'xray';
export const SAMPLER_NAMES: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'xray',
];

/** `ecs` and `ec2` run only where their platform is visible locally, so they never stall start-up off AWS. */
export type ResourceDetectorName = 'env' | 'host' | 'process' | 'os' | 'serviceinstance' | 'ecs' | 'ec2';
export const RESOURCE_DETECTOR_NAMES: readonly ResourceDetectorName[] = [
  'env',
  'host',
  'process',
  'os',
  'serviceinstance',
  'ecs',
  'ec2',
];

/** Instrumentations the distro knows by name (the names used in the enable/disable variables). */
export type InstrumentationName = 'aws-sdk' | 'http' | 'undici' | 'ioredis' | 'redis' | 'pino' | 'winston' | 'bedrock' | 'opensearch';
export const INSTRUMENTATION_NAMES: readonly InstrumentationName[] = [
  'aws-sdk',
  'http',
  'undici',
  'ioredis',
  'redis',
  'pino',
  'winston',
  'bedrock',
  'opensearch',
];

/** Batch-processor limits; the queue bound is what keeps memory flat when the collector is gone. */
export interface BatchConfig {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
}

export interface XRaySamplerConfig {
  /** The collector's sampling proxy (awsproxy extension). */
  endpoint: string;
  /** Seconds between rule polls. */
  pollingIntervalSeconds: number;
}

export interface SamplerConfig {
  name: SamplerName;
  /** Ratio for the `traceidratio` samplers, 0…1. */
  ratio: number;
  xray: XRaySamplerConfig;
}

/** Everything the distro decides, after explicit options, environment and defaults are merged. */
export interface ResolvedConfig {
  disabled: boolean;
  logLevel: DiagLogLevel;
  serviceName: string | undefined;
  resourceDetectors: ResourceDetectorName[];
  propagators: PropagatorName[];
  sampler: SamplerConfig;
  traceExporters: ExporterName[];
  metricExporters: ExporterName[];
  logExporters: ExporterName[];
  otlpProtocol: { traces: OtlpProtocol; metrics: OtlpProtocol; logs: OtlpProtocol };
  metricsTemporality: MetricsTemporality;
  metricExportIntervalMillis: number;
  metricExportTimeoutMillis: number;
  spanBatch: BatchConfig;
  logBatch: BatchConfig;
  instrumentations: InstrumentationName[];
  exportDir: string;
  /** Bytes a file exporter may hold in memory while the disk catches up; beyond that it drops. */
  fileMaxPendingBytes: number;
  shutdownTimeoutMillis: number;
  configFile: string | undefined;
  captureMessageContent: boolean;
}

/** The result of reading the environment: a complete config and one message per bad variable. */
export interface EnvResolution {
  config: ResolvedConfig;
  warnings: string[];
}
