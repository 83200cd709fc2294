import { context, diag, metrics, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shutdown, start } from '../src/index';
import { KensaSdk } from '../src/sdk/KensaSdk';
import { WarningLog } from './support/WarningLog';

// Stand-ins for the two sibling packages whose exports are still being written: what is under test
// is how the distro finds and orders them, not what they do.
const kensa = vi.hoisted(() => ({ configs: [] as unknown[], bedrockConfigs: [] as unknown[] }));
vi.mock('@kensa/processors', () => ({
  createKensaSpanProcessors: (config: unknown) => {
    kensa.configs.push(config);
    const marker: SpanProcessor & { kensa: true } = {
      kensa: true,
      onStart: (span: Span) => span.setAttribute('kensa.marker', 'correlation'),
      onEnd: () => undefined,
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    };
    return [marker];
  },
  // Not exported (yet): the distro must simply go without it.
  createKensaLogRecordProcessors: undefined,
  loadProcessorsConfig: (raw: Record<string, unknown>) => ({ validated: raw }),
}));
vi.mock('@kensa/instrumentation-bedrock', async () => {
  const { InstrumentationBase } = await import('@opentelemetry/instrumentation');
  class BedrockInstrumentation extends InstrumentationBase {
    constructor(config: Record<string, unknown> = {}) {
      super('@kensa/instrumentation-bedrock', '0.0.0', config);
      kensa.bedrockConfigs.push(config);
    }
    protected init() {
      return [];
    }
  }
  return { BedrockInstrumentation };
});

let dir: string;
const warningLog = new WarningLog();
const warnings = warningLog.messages;
const logger = warningLog.logger;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-sdk-'));
  warningLog.clear();
  kensa.configs.length = 0;
  kensa.bedrockConfigs.length = 0;
});

afterEach(() => {
  trace.disable();
  metrics.disable();
  logs.disable();
  propagation.disable();
  context.disable();
  diag.disable();
  rmSync(dir, { recursive: true, force: true });
});

const base = () => ({ env: {}, diagLogger: logger, handleSignals: false, exportDir: dir });

describe('KensaSdk composition', () => {
  it('puts Kensa span processors first, the caller’s next, and the batch export processors last', () => {
    const own: SpanProcessor = { onStart: () => undefined, onEnd: () => undefined, forceFlush: async () => undefined, shutdown: async () => undefined };
    const sdk = new KensaSdk({ ...base(), traceExporters: ['file', 'console'], spanProcessors: [own] });
    const processors = sdk.buildConfiguration().spanProcessors!;
    expect(processors).toHaveLength(4);
    expect((processors[0] as { kensa?: boolean }).kensa).toBe(true);
    expect(processors[1]).toBe(own);
    expect(processors[2]).toBeInstanceOf(BatchSpanProcessor);
    expect(processors[3]).toBeInstanceOf(BatchSpanProcessor);
  });

  it('hands the parsed config file to the processors and its bedrock section to the instrumentation', () => {
    const file = join(dir, 'kensa.yaml');
    writeFileSync(file, 'budgets:\n  bedrock_invoke: 2300\nbedrock:\n  recordCost: true\n');
    const sdk = new KensaSdk({ ...base(), env: { KENSA_CONFIG: file, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' } });
    const names = sdk.buildConfiguration().instrumentations!.flat().map((i) => i.instrumentationName);
    expect(kensa.configs).toEqual([{ validated: { budgets: { bedrock_invoke: 2300 }, bedrock: { recordCost: true } } }]);
    expect(kensa.bedrockConfigs).toEqual([{ recordCost: true, captureMessageContent: true }]);
    expect(names).toEqual([
      '@opentelemetry/instrumentation-aws-sdk',
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-undici',
      '@opentelemetry/instrumentation-ioredis',
      '@opentelemetry/instrumentation-redis',
      '@opentelemetry/instrumentation-pino',
      '@opentelemetry/instrumentation-winston',
      '@kensa/instrumentation-bedrock',
      '@kensa/instrumentation-opensearch',
    ]);
  });

  it('leaves out disabled instrumentations and keeps message content off by default', () => {
    const sdk = new KensaSdk({ ...base(), env: { KENSA_DISABLED_INSTRUMENTATIONS: 'http,redis,ioredis' } });
    const names = sdk.buildConfiguration().instrumentations!.flat().map((i) => i.instrumentationName);
    expect(names).not.toContain('@opentelemetry/instrumentation-http');
    expect(names).not.toContain('@opentelemetry/instrumentation-redis');
    expect(names).toContain('@opentelemetry/instrumentation-aws-sdk');
    expect(kensa.bedrockConfigs).toEqual([{ captureMessageContent: false }]);
  });

  it('builds one metric reader and one log processor per exporter, none for "none"', () => {
    const sdk = new KensaSdk({ ...base(), env: { OTEL_METRICS_EXPORTER: 'file,console', OTEL_LOGS_EXPORTER: 'none' } });
    const configuration = sdk.buildConfiguration();
    expect(configuration.metricReaders).toHaveLength(2);
    expect(configuration.logRecordProcessors).toHaveLength(0);
    expect(new KensaSdk({ ...base(), logExporters: ['file'] }).buildConfiguration().logRecordProcessors![0]).toBeInstanceOf(BatchLogRecordProcessor);
  });
});

describe('KensaSdk lifecycle', () => {
  it('registers X-Ray ids and propagation, runs Kensa processors, and writes files on shutdown', async () => {
    const sdk = new KensaSdk({ ...base(), serviceName: 'in-process', traceExporters: ['file'], metricExporters: [], logExporters: [] });
    sdk.start();
    expect(sdk.running).toBe(true);
    const span = trace.getTracer('t').startSpan('op');
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    span.end();
    expect(carrier['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/);
    expect(carrier['traceparent']).toContain(span.spanContext().traceId);
    await sdk.shutdown();
    expect(sdk.running).toBe(false);
    const exported = JSON.parse(readFileSync(join(dir, 'traces.jsonl'), 'utf8').split('\n')[0]!);
    const s = exported.resourceSpans[0].scopeSpans[0].spans[0];
    expect(s.attributes).toContainEqual({ key: 'kensa.marker', value: { stringValue: 'correlation' } });
    expect(exported.resourceSpans[0].resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'in-process' } });
  });

  it('is a no-op when disabled, yet still reports bad configuration', () => {
    const sdk = new KensaSdk({ ...base(), env: { OTEL_SDK_DISABLED: 'true', OTEL_PROPAGATORS: 'bogus' } });
    sdk.start();
    expect(sdk.running).toBe(false);
    expect(trace.getTracer('t').startSpan('x').spanContext().traceId).toBe('00000000000000000000000000000000');
    expect(warnings).toHaveLength(1);
  });

  it('never throws from start(): a broken component leaves the app uninstrumented with an error logged', () => {
    const broken = { instrumentationName: 'broken' } as never;
    const sdk = new KensaSdk({ ...base(), traceExporters: [], extraInstrumentations: [broken] });
    expect(() => sdk.start()).not.toThrow();
    expect(sdk.running).toBe(false);
    expect(warnings.some((w) => w.includes('telemetry could not start'))).toBe(true);
  });

  it('bounds shutdown by the timeout when an exporter hangs', async () => {
    const hanging: SpanProcessor = {
      onStart: () => undefined,
      onEnd: (_s: ReadableSpan) => undefined,
      forceFlush: () => new Promise(() => undefined),
      shutdown: () => new Promise(() => undefined),
    };
    const sdk = new KensaSdk({ ...base(), traceExporters: [], spanProcessors: [hanging], shutdownTimeoutMillis: 50 });
    sdk.start();
    await sdk.shutdown();
    expect(warnings.some((w) => w.includes('not fully flushed within 50 ms'))).toBe(true);
  });
});

describe('start() and shutdown()', () => {
  it('start once per process: a second call returns the running instance and says its options are ignored', async () => {
    const first = start({ ...base(), traceExporters: [], metricExporters: [], logExporters: [] });
    const second = start({ serviceName: 'ignored' });
    expect(second).toBe(first);
    expect(warnings.filter((w) => w.includes('already called'))).toHaveLength(1);
    await shutdown();
    expect(first.running).toBe(false);
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('@kensa/node.sdk')];
  });
});
