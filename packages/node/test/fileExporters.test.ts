import { diag, DiagLogLevel } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoundedFileWriter } from '../src/exporters/BoundedFileWriter';
import { FileLogRecordExporter } from '../src/exporters/FileLogRecordExporter';
import { FileMetricExporter } from '../src/exporters/FileMetricExporter';
import { FileSpanExporter } from '../src/exporters/FileSpanExporter';
import { WarningLog } from './support/WarningLog';

let dir: string;
const warningLog = new WarningLog();
const warnings = warningLog.messages;
const logger = warningLog.logger;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-file-'));
  warningLog.clear();
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});

afterEach(() => {
  diag.disable();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string) =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

function exportOnce<T>(exporter: { export(items: T, cb: (r: ExportResult) => void): void }, items: T): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(items, resolve));
}

describe('FileSpanExporter', () => {
  it('writes one OTLP/JSON ExportTraceServiceRequest per export, as the collector file exporter does', async () => {
    const exporter = new FileSpanExporter({ directory: join(dir, 'nested', 'out') });
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'files' }) });
    const tracer = provider.getTracer('t');
    const a = tracer.startSpan('a', { attributes: { 'gen_ai.request.model': 'anthropic.claude-3-haiku' } });
    a.end();
    const b = tracer.startSpan('b');
    b.end();
    const spans = [a, b] as unknown as Parameters<FileSpanExporter['export']>[0];
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportOnce(exporter, spans.slice(0, 1))).code).toBe(ExportResultCode.SUCCESS);
    await exporter.shutdown();

    const [first, second] = lines('nested/out/traces.jsonl');
    expect(second.resourceSpans[0].scopeSpans[0].spans).toHaveLength(1);
    const rs = first.resourceSpans[0];
    expect(rs.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'files' } });
    const [spanA] = rs.scopeSpans[0].spans;
    expect(spanA.name).toBe('a');
    expect(spanA.traceId).toBe(a.spanContext().traceId);
    expect(spanA.startTimeUnixNano).toMatch(/^\d+$/);
    expect(spanA.attributes).toContainEqual({ key: 'gen_ai.request.model', value: { stringValue: 'anthropic.claude-3-haiku' } });
  });

  it('fails the export after shutdown instead of writing', async () => {
    const exporter = new FileSpanExporter({ directory: dir });
    await exporter.shutdown();
    expect((await exportOnce(exporter, [])).code).toBe(ExportResultCode.FAILED);
  });
});

describe('FileMetricExporter and FileLogRecordExporter', () => {
  it('writes metrics.jsonl with delta temporality by default', async () => {
    const exporter = new FileMetricExporter({ directory: dir });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('kensa.test.count').add(3);
    provider.getMeter('m').createHistogram('kensa.test.duration').record(1.5);
    await provider.shutdown();
    const metrics = lines('metrics.jsonl').flatMap((l) => l.resourceMetrics[0].scopeMetrics[0].metrics);
    const count = metrics.find((m: any) => m.name === 'kensa.test.count');
    expect(count.sum.aggregationTemporality).toBe(1);
    expect(count.sum.dataPoints[0].asDouble).toBe(3);
    expect(metrics.find((m: any) => m.name === 'kensa.test.duration').histogram.aggregationTemporality).toBe(1);
  });

  it('writes logs.jsonl', async () => {
    const exporter = new FileLogRecordExporter({ directory: dir });
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    provider.getLogger('l').emit({ body: 'hello', severityText: 'INFO' });
    await provider.shutdown();
    const [line] = lines('logs.jsonl');
    expect(line.resourceLogs[0].scopeLogs[0].logRecords[0].body).toEqual({ stringValue: 'hello' });
  });
});

describe('BoundedFileWriter', () => {
  it('drops what does not fit in its budget, warns once, and never throws', async () => {
    const writer = new BoundedFileWriter({ path: join(dir, 'w.jsonl'), maxPendingBytes: 1000 });
    const line = JSON.stringify({ payload: 'x'.repeat(90) }); // ~100 bytes with the newline
    const results = await Promise.all(Array.from({ length: 50 }, () => writer.write(line)));
    await writer.close();
    const written = results.filter(Boolean).length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(50);
    expect(readFileSync(join(dir, 'w.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(written);
    expect(warnings.filter((w) => w.includes('dropping telemetry'))).toHaveLength(1);
    // Room frees up as the disk catches up.
    const later = new BoundedFileWriter({ path: join(dir, 'w2.jsonl'), maxPendingBytes: 1000 });
    for (let i = 0; i < 30; i++) expect(await later.write(line)).toBe(true);
    await later.close();
  });

  it('reports an unwritable path once and keeps returning false', async () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const writer = new BoundedFileWriter({ path: join(blocker, 'traces.jsonl') });
    expect(await writer.write('{}')).toBe(false);
    expect(await writer.write('{}')).toBe(false);
    await writer.close();
    expect(warnings.filter((w) => w.includes('cannot write telemetry'))).toHaveLength(1);
  });
});
