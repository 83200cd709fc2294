import type { Attributes, DiagLogger, DiagLogLevel } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { fromEnv } from './fromEnv';
import type { EnvResolution, ExporterName, InstrumentationName, PropagatorName, ResolvedConfig, SamplerConfig } from './types';

/** Options of `start()`. Each one set here wins over its environment variable. */
export interface KensaStartOptions {
  /** Environment to read instead of `process.env` (tests, embedding). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Turn everything off (`OTEL_SDK_DISABLED`). */
  disabled?: boolean;
  /** Level of the diag logger the distro installs (`OTEL_LOG_LEVEL`, default WARN). */
  logLevel?: DiagLogLevel;
  /** Where diagnostics go; `null` leaves whatever logger the application installed. Default: console. */
  diagLogger?: DiagLogger | null;
  /** `service.name` (`OTEL_SERVICE_NAME`). */
  serviceName?: string;
  /** Extra resource attributes, merged over the detected ones. */
  resourceAttributes?: Attributes;
  propagators?: PropagatorName[];
  sampler?: Partial<SamplerConfig>;
  traceExporters?: ExporterName[];
  metricExporters?: ExporterName[];
  logExporters?: ExporterName[];
  /** Directory of the file exporter (`KENSA_EXPORT_DIR`). */
  exportDir?: string;
  /** Names of the built-in instrumentations to enable (default: all of them, less the disabled lists). */
  instrumentations?: InstrumentationName[];
  /** Further instrumentations, enabled alongside the built-in ones. */
  extraInstrumentations?: Instrumentation[];
  /** Further span processors; they run after Kensa's and before the export processors. */
  spanProcessors?: SpanProcessor[];
  /** Further log-record processors, before the export processors. */
  logRecordProcessors?: LogRecordProcessor[];
  /** Path of the Kensa config file (`KENSA_CONFIG`). */
  configFile?: string;
  /** An already parsed Kensa config; takes the place of the file. */
  kensaConfig?: Record<string, unknown>;
  /** Upper bound on the flush at SIGTERM/SIGINT/exit (`KENSA_SHUTDOWN_TIMEOUT_MS`). */
  shutdownTimeoutMillis?: number;
  /** Flush and shut down on SIGTERM/SIGINT and before a natural exit. Default true. */
  handleSignals?: boolean;
  captureMessageContent?: boolean;
}

/** Explicit option → environment → default, plus the environment's warnings. */
export function resolveConfig(options: KensaStartOptions = {}): EnvResolution {
  const { config, warnings } = fromEnv(options.env ?? process.env);
  const merged: ResolvedConfig = {
    ...config,
    disabled: options.disabled ?? config.disabled,
    logLevel: options.logLevel ?? config.logLevel,
    serviceName: options.serviceName ?? config.serviceName,
    propagators: options.propagators ?? config.propagators,
    sampler: {
      ...config.sampler,
      ...options.sampler,
      xray: { ...config.sampler.xray, ...options.sampler?.xray },
    },
    traceExporters: options.traceExporters ?? config.traceExporters,
    metricExporters: options.metricExporters ?? config.metricExporters,
    logExporters: options.logExporters ?? config.logExporters,
    exportDir: options.exportDir ?? config.exportDir,
    instrumentations: options.instrumentations ?? config.instrumentations,
    configFile: options.configFile ?? config.configFile,
    shutdownTimeoutMillis: options.shutdownTimeoutMillis ?? config.shutdownTimeoutMillis,
    captureMessageContent: options.captureMessageContent ?? config.captureMessageContent,
  };
  return { config: merged, warnings };
}
