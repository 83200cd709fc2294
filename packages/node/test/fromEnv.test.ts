import { DiagLogLevel } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, fromEnv } from '../src/config/fromEnv';
import { resolveConfig } from '../src/config/options';
import { INSTRUMENTATION_NAMES } from '../src/config/types';
import { GARBAGE_ENV } from './support/garbageEnv';

describe('fromEnv defaults', () => {
  const { config, warnings } = fromEnv({});

  it('warns about nothing when nothing is set', () => {
    expect(warnings).toEqual([]);
  });

  it('exports everything over OTLP/gRPC with delta metrics', () => {
    expect(config.traceExporters).toEqual(['otlp']);
    expect(config.metricExporters).toEqual(['otlp']);
    expect(config.logExporters).toEqual(['otlp']);
    expect(config.otlpProtocol).toEqual({ traces: 'grpc', metrics: 'grpc', logs: 'grpc' });
    expect(config.metricsTemporality).toBe('delta');
  });

  it('propagates tracecontext, baggage and X-Ray and samples parent-based always-on', () => {
    expect(config.propagators).toEqual(['tracecontext', 'baggage', 'xray']);
    expect(config.sampler.name).toBe('parentbased_always_on');
    expect(config.sampler.xray).toEqual({ endpoint: 'http://localhost:2000', pollingIntervalSeconds: 300 });
  });

  it('runs env, host, process and the AWS detectors, every instrumentation, WARN diagnostics', () => {
    expect(config.resourceDetectors).toEqual(['env', 'host', 'process', 'ecs', 'ec2']);
    expect(config.instrumentations).toEqual([...INSTRUMENTATION_NAMES]);
    expect(config.logLevel).toBe(DiagLogLevel.WARN);
    expect(config.disabled).toBe(false);
    expect(config.captureMessageContent).toBe(false);
  });

  it('bounds queues and shutdown', () => {
    expect(config.spanBatch).toEqual(DEFAULTS.spanBatch);
    expect(config.logBatch).toEqual(DEFAULTS.logBatch);
    expect(config.shutdownTimeoutMillis).toBe(5000);
    expect(config.fileMaxPendingBytes).toBe(16 * 1024 * 1024);
    expect(config.exportDir).toBe('kensa-telemetry');
    expect(config.configFile).toBeUndefined();
  });
});

describe('fromEnv reads every variable', () => {
  it('reads the SDK switches and identity', () => {
    const { config, warnings } = fromEnv({
      OTEL_SDK_DISABLED: ' TRUE ',
      OTEL_LOG_LEVEL: 'debug',
      OTEL_SERVICE_NAME: 'manga-assist',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,team=ai%20platform',
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      KENSA_CONFIG: '/etc/kensa.yaml',
    });
    expect(warnings).toEqual([]);
    expect(config.disabled).toBe(true);
    expect(config.logLevel).toBe(DiagLogLevel.DEBUG);
    expect(config.serviceName).toBe('manga-assist');
    expect(config.captureMessageContent).toBe(true);
    expect(config.configFile).toBe('/etc/kensa.yaml');
  });

  it('reads exporters, protocols per signal and temporality', () => {
    const { config, warnings } = fromEnv({
      OTEL_TRACES_EXPORTER: 'otlp, file',
      OTEL_METRICS_EXPORTER: 'console',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Cumulative',
      OTEL_METRIC_EXPORT_INTERVAL: '10000',
      OTEL_METRIC_EXPORT_TIMEOUT: '5000',
    });
    expect(warnings).toEqual([]);
    expect(config.traceExporters).toEqual(['otlp', 'file']);
    expect(config.metricExporters).toEqual(['console']);
    expect(config.logExporters).toEqual([]);
    expect(config.otlpProtocol).toEqual({ traces: 'grpc', metrics: 'http/protobuf', logs: 'http/protobuf' });
    expect(config.metricsTemporality).toBe('cumulative');
    expect(config.metricExportIntervalMillis).toBe(10000);
    expect(config.metricExportTimeoutMillis).toBe(5000);
  });

  it('switches every signal to files when KENSA_EXPORT_DIR is set, unless a signal names its exporter', () => {
    const { config } = fromEnv({ KENSA_EXPORT_DIR: '/tmp/out', OTEL_TRACES_EXPORTER: 'otlp,file', KENSA_EXPORT_MAX_PENDING_BYTES: '4096' });
    expect(config.exportDir).toBe('/tmp/out');
    expect(config.traceExporters).toEqual(['otlp', 'file']);
    expect(config.metricExporters).toEqual(['file']);
    expect(config.logExporters).toEqual(['file']);
    expect(config.fileMaxPendingBytes).toBe(4096);
  });

  it('reads propagators, detectors and samplers', () => {
    expect(fromEnv({ OTEL_PROPAGATORS: 'xray' }).config.propagators).toEqual(['xray']);
    expect(fromEnv({ OTEL_PROPAGATORS: 'none' }).config.propagators).toEqual([]);
    expect(fromEnv({ OTEL_NODE_RESOURCE_DETECTORS: 'env,aws' }).config.resourceDetectors).toEqual(['env', 'ecs', 'ec2']);
    expect(fromEnv({ OTEL_NODE_RESOURCE_DETECTORS: 'none' }).config.resourceDetectors).toEqual([]);
    expect(fromEnv({ OTEL_NODE_RESOURCE_DETECTORS: 'all' }).config.resourceDetectors).toContain('serviceinstance');
    const ratio = fromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' }).config.sampler;
    expect(ratio).toMatchObject({ name: 'parentbased_traceidratio', ratio: 0.01 });
    const xray = fromEnv({ OTEL_TRACES_SAMPLER: 'xray', OTEL_TRACES_SAMPLER_ARG: 'endpoint=http://collector:2000/,polling_interval=60' });
    expect(xray.warnings).toEqual([]);
    expect(xray.config.sampler.xray).toEqual({ endpoint: 'http://collector:2000', pollingIntervalSeconds: 60 });
  });

  it('reads batch limits', () => {
    const { config } = fromEnv({
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_BSP_EXPORT_TIMEOUT: '1000',
      OTEL_BLRP_MAX_QUEUE_SIZE: '200',
    });
    expect(config.spanBatch).toEqual({ maxQueueSize: 100, maxExportBatchSize: 10, scheduledDelayMillis: 50, exportTimeoutMillis: 1000 });
    expect(config.logBatch.maxQueueSize).toBe(200);
  });

  it('narrows with the enable list and removes with both disable lists', () => {
    const { config, warnings } = fromEnv({
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,@opentelemetry/instrumentation-aws-sdk,redis,bedrock',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'redis',
      KENSA_DISABLED_INSTRUMENTATIONS: 'HTTP',
    });
    expect(warnings).toEqual([]);
    expect(config.instrumentations).toEqual(['aws-sdk', 'bedrock']);
    expect(fromEnv({ KENSA_DISABLED_INSTRUMENTATIONS: 'http,redis' }).config.instrumentations).not.toContain('http');
  });

  it('reads the shutdown timeout', () => {
    expect(fromEnv({ KENSA_SHUTDOWN_TIMEOUT_MS: '250' }).config.shutdownTimeoutMillis).toBe(250);
  });
});

describe('fromEnv with garbage', () => {
  it('warns once per bad variable, naming it, and falls back to every default', () => {
    const { config, warnings } = fromEnv(GARBAGE_ENV);
    expect(warnings).toHaveLength(Object.keys(GARBAGE_ENV).length);
    for (const key of Object.keys(GARBAGE_ENV)) {
      expect(warnings.filter((w) => w.includes(`${key}=`)), key).toHaveLength(1);
    }
    const defaults = fromEnv({}).config;
    expect(config).toEqual(defaults);
  });

  it('keeps the known entries of a partly bad list', () => {
    const { config, warnings } = fromEnv({ OTEL_PROPAGATORS: 'xray,bogus', OTEL_TRACES_EXPORTER: 'file,bogus' });
    expect(config.propagators).toEqual(['xray']);
    expect(config.traceExporters).toEqual(['file']);
    expect(warnings).toHaveLength(2);
  });

  it('rejects a bad sampler argument for the sampler it belongs to', () => {
    const ratio = fromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' });
    expect(ratio.config.sampler.ratio).toBe(1);
    expect(ratio.warnings).toHaveLength(1);
    const xray = fromEnv({ OTEL_TRACES_SAMPLER: 'xray', OTEL_TRACES_SAMPLER_ARG: 'endpoint=ftp://x,polling_interval=1' });
    expect(xray.config.sampler.xray).toEqual({ endpoint: 'http://localhost:2000', pollingIntervalSeconds: 300 });
    expect(xray.warnings).toHaveLength(1);
  });

  it('clamps a batch size larger than its queue', () => {
    const { config, warnings } = fromEnv({ OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50' });
    expect(config.spanBatch.maxExportBatchSize).toBe(10);
    expect(warnings).toHaveLength(1);
  });

  it('treats blank values as unset', () => {
    expect(fromEnv({ OTEL_TRACES_EXPORTER: '  ', OTEL_SDK_DISABLED: '' })).toEqual(fromEnv({}));
  });
});

describe('resolveConfig precedence', () => {
  it('lets explicit options win over the environment, and the environment over defaults', () => {
    const env = { OTEL_SERVICE_NAME: 'from-env', OTEL_TRACES_EXPORTER: 'console', KENSA_SHUTDOWN_TIMEOUT_MS: '100', OTEL_PROPAGATORS: 'xray' };
    const { config } = resolveConfig({ env, serviceName: 'from-code', traceExporters: ['file'], sampler: { name: 'always_off' } });
    expect(config.serviceName).toBe('from-code');
    expect(config.traceExporters).toEqual(['file']);
    expect(config.sampler.name).toBe('always_off');
    expect(config.sampler.xray.endpoint).toBe('http://localhost:2000');
    expect(config.shutdownTimeoutMillis).toBe(100);
    expect(config.propagators).toEqual(['xray']);
    expect(config.metricExporters).toEqual(['otlp']);
  });
});
