import { DiagLogLevel } from '@opentelemetry/api';
import {
  ENV_CAPTURE_MESSAGE_CONTENT,
  ENV_KENSA_CONFIG,
  ENV_KENSA_DISABLED_INSTRUMENTATIONS,
  ENV_KENSA_EXPORT_DIR,
  ENV_KENSA_EXPORT_MAX_PENDING_BYTES,
  ENV_KENSA_SHUTDOWN_TIMEOUT_MS,
} from '@kensa/semconv';
import { EnvReader } from './EnvReader';
import { parseResourceAttributes } from './parseResourceAttributes';
import {
  EXPORTER_NAMES,
  INSTRUMENTATION_NAMES,
  METRICS_TEMPORALITIES,
  OTLP_PROTOCOLS,
  PROPAGATOR_NAMES,
  RESOURCE_DETECTOR_NAMES,
  SAMPLER_NAMES,
  type BatchConfig,
  type EnvResolution,
  type ExporterName,
  type InstrumentationName,
  type OtlpProtocol,
  type PropagatorName,
  type ResourceDetectorName,
  type SamplerConfig,
} from './types';

/** Defaults, in one place so the README table and the code cannot drift apart unnoticed. */
export const DEFAULTS = {
  logLevel: DiagLogLevel.WARN,
  resourceDetectors: ['env', 'host', 'process', 'ecs', 'ec2'] as ResourceDetectorName[],
  propagators: ['tracecontext', 'baggage', 'xray'] as PropagatorName[],
  samplerRatio: 1,
  xraySamplingEndpoint: 'http://localhost:2000',
  xrayPollingIntervalSeconds: 300,
  otlpProtocol: 'grpc' as OtlpProtocol,
  metricExportIntervalMillis: 60_000,
  metricExportTimeoutMillis: 30_000,
  spanBatch: { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 5000, exportTimeoutMillis: 30_000 },
  logBatch: { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 1000, exportTimeoutMillis: 30_000 },
  exportDir: 'kensa-telemetry',
  fileMaxPendingBytes: 16 * 1024 * 1024,
  shutdownTimeoutMillis: 5000,
} as const;

const LOG_LEVELS: Record<string, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Maps the environment onto a complete {@link ResolvedConfig}. Pure: reads only `env`, touches
 * nothing, throws nothing; every unusable value becomes one warning and its default.
 */
export function fromEnv(env: Env): EnvResolution {
  const r = new EnvReader(env);

  const disabled = r.boolean('OTEL_SDK_DISABLED', false);
  const logLevelName = r.choice('OTEL_LOG_LEVEL', Object.keys(LOG_LEVELS), 'warn');
  const serviceName = r.string('OTEL_SERVICE_NAME');
  const rawResourceAttributes = r.string('OTEL_RESOURCE_ATTRIBUTES');
  if (rawResourceAttributes !== undefined) {
    const parsed = parseResourceAttributes(rawResourceAttributes);
    // The stock env detector discards the whole value on any error, silently; say so once.
    if (!parsed.ok) r.warn('OTEL_RESOURCE_ATTRIBUTES', rawResourceAttributes, `${parsed.error}; no attribute from it is used`);
  }

  const exportDir = r.string(ENV_KENSA_EXPORT_DIR);
  // A local run names a directory and has no collector: file export replaces the OTLP default.
  const defaultExporters: ExporterName[] = exportDir !== undefined ? ['file'] : ['otlp'];

  const generalProtocol = r.choice('OTEL_EXPORTER_OTLP_PROTOCOL', OTLP_PROTOCOLS, DEFAULTS.otlpProtocol);

  const instrumentations = resolveInstrumentations(r);

  return {
    config: {
      disabled,
      logLevel: LOG_LEVELS[logLevelName] ?? DEFAULTS.logLevel,
      serviceName,
      resourceDetectors: resolveDetectors(r),
      propagators: listWithNone<PropagatorName>(r, 'OTEL_PROPAGATORS', PROPAGATOR_NAMES, DEFAULTS.propagators),
      sampler: resolveSampler(r),
      traceExporters: listWithNone<ExporterName>(r, 'OTEL_TRACES_EXPORTER', EXPORTER_NAMES, defaultExporters),
      metricExporters: listWithNone<ExporterName>(r, 'OTEL_METRICS_EXPORTER', EXPORTER_NAMES, defaultExporters),
      logExporters: listWithNone<ExporterName>(r, 'OTEL_LOGS_EXPORTER', EXPORTER_NAMES, defaultExporters),
      otlpProtocol: {
        traces: r.choice('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', OTLP_PROTOCOLS, generalProtocol),
        metrics: r.choice('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', OTLP_PROTOCOLS, generalProtocol),
        logs: r.choice('OTEL_EXPORTER_OTLP_LOGS_PROTOCOL', OTLP_PROTOCOLS, generalProtocol),
      },
      metricsTemporality: r.choice('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', METRICS_TEMPORALITIES, 'delta'),
      metricExportIntervalMillis: r.integer('OTEL_METRIC_EXPORT_INTERVAL', DEFAULTS.metricExportIntervalMillis, 1),
      metricExportTimeoutMillis: r.integer('OTEL_METRIC_EXPORT_TIMEOUT', DEFAULTS.metricExportTimeoutMillis, 1),
      spanBatch: resolveBatch(r, 'OTEL_BSP', DEFAULTS.spanBatch),
      logBatch: resolveBatch(r, 'OTEL_BLRP', DEFAULTS.logBatch),
      instrumentations,
      exportDir: exportDir ?? DEFAULTS.exportDir,
      fileMaxPendingBytes: r.integer(ENV_KENSA_EXPORT_MAX_PENDING_BYTES, DEFAULTS.fileMaxPendingBytes, 1024),
      shutdownTimeoutMillis: r.integer(ENV_KENSA_SHUTDOWN_TIMEOUT_MS, DEFAULTS.shutdownTimeoutMillis, 0, 600_000),
      configFile: r.string(ENV_KENSA_CONFIG),
      captureMessageContent: r.boolean(ENV_CAPTURE_MESSAGE_CONTENT, false),
    },
    warnings: r.warnings,
  };
}

/** A name list where `none` means "nothing" and an unusable list means the default. */
function listWithNone<T extends string>(r: EnvReader, key: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const list = r.list<T | 'none'>(key, [...allowed, 'none']);
  if (list === undefined) return [...fallback];
  if (list.includes('none')) return [];
  return list.length > 0 ? (list as T[]) : [...fallback];
}

function resolveDetectors(r: EnvReader): ResourceDetectorName[] {
  const list = r.list<string>('OTEL_NODE_RESOURCE_DETECTORS', [...RESOURCE_DETECTOR_NAMES, 'aws', 'all', 'none']);
  if (list === undefined) return [...DEFAULTS.resourceDetectors];
  if (list.includes('none')) return [];
  if (list.includes('all')) return [...RESOURCE_DETECTOR_NAMES];
  const names = list.flatMap((d) => (d === 'aws' ? ['ecs', 'ec2'] : [d])) as ResourceDetectorName[];
  return names.length > 0 ? [...new Set(names)] : [...DEFAULTS.resourceDetectors];
}

function resolveSampler(r: EnvReader): SamplerConfig {
  const name = r.choice('OTEL_TRACES_SAMPLER', SAMPLER_NAMES, 'parentbased_always_on');
  const sampler: SamplerConfig = {
    name,
    ratio: DEFAULTS.samplerRatio,
    xray: { endpoint: DEFAULTS.xraySamplingEndpoint, pollingIntervalSeconds: DEFAULTS.xrayPollingIntervalSeconds },
  };
  const arg = r.string('OTEL_TRACES_SAMPLER_ARG');
  if (arg === undefined) return sampler;
  if (name === 'traceidratio' || name === 'parentbased_traceidratio') {
    const ratio = Number(arg);
    if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) sampler.ratio = ratio;
    else r.warn('OTEL_TRACES_SAMPLER_ARG', arg, `expected a ratio from 0 to 1; using ${DEFAULTS.samplerRatio}`);
  } else if (name === 'xray') {
    // Same form as the AWS distro: "endpoint=http://localhost:2000,polling_interval=300".
    const problems: string[] = [];
    for (const part of arg.split(',')) {
      const [key, value] = part.split('=', 2).map((s) => s.trim());
      if (key === 'endpoint' && value !== undefined && isHttpUrl(value)) sampler.xray.endpoint = value.replace(/\/+$/, '');
      else if (key === 'polling_interval' && value !== undefined && /^\d+$/.test(value) && Number(value) >= 10) {
        sampler.xray.pollingIntervalSeconds = Number(value);
      } else problems.push(part.trim());
    }
    if (problems.length > 0) {
      r.warn('OTEL_TRACES_SAMPLER_ARG', arg, `expected endpoint=<http url>,polling_interval=<seconds ≥ 10>; ignored ${problems.join(', ')}`);
    }
  }
  return sampler;
}

function resolveBatch(r: EnvReader, prefix: 'OTEL_BSP' | 'OTEL_BLRP', d: BatchConfig): BatchConfig {
  const batch: BatchConfig = {
    maxQueueSize: r.integer(`${prefix}_MAX_QUEUE_SIZE`, d.maxQueueSize, 1, 1_000_000),
    maxExportBatchSize: r.integer(`${prefix}_MAX_EXPORT_BATCH_SIZE`, d.maxExportBatchSize, 1, 1_000_000),
    scheduledDelayMillis: r.integer(`${prefix}_SCHEDULE_DELAY`, d.scheduledDelayMillis, 0),
    exportTimeoutMillis: r.integer(`${prefix}_EXPORT_TIMEOUT`, d.exportTimeoutMillis, 0),
  };
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    r.warn(
      `${prefix}_MAX_EXPORT_BATCH_SIZE`,
      String(batch.maxExportBatchSize),
      `larger than ${prefix}_MAX_QUEUE_SIZE (${batch.maxQueueSize}); using the queue size`,
    );
    batch.maxExportBatchSize = batch.maxQueueSize;
  }
  return batch;
}

/**
 * The standard enable list narrows the defaults; both disable lists then remove from it.
 * The `@opentelemetry/instrumentation-` prefix is accepted so copied contrib names work.
 */
function resolveInstrumentations(r: EnvReader): InstrumentationName[] {
  const known = INSTRUMENTATION_NAMES as readonly string[];
  const read = (key: string) => r.list<string>(key, known, (e) => e.replace(/^@opentelemetry\/instrumentation-/, ''));
  const enabled = read('OTEL_NODE_ENABLED_INSTRUMENTATIONS');
  const disabled = new Set([...(read('OTEL_NODE_DISABLED_INSTRUMENTATIONS') ?? []), ...(read(ENV_KENSA_DISABLED_INSTRUMENTATIONS) ?? [])]);
  const base = enabled && enabled.length > 0 ? enabled : [...INSTRUMENTATION_NAMES];
  return base.filter((n) => !disabled.has(n)) as InstrumentationName[];
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
