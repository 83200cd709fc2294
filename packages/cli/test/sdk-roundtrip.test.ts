import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { FileSpanExporter } from '@kensa/node';
import { createKensaSpanProcessors } from '@kensa/processors';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../src/runReport';
import type { Report } from '../src/report/Report';

// Real SDK spans, through the real Kensa processors and the distro's file exporter, read back by the CLI.
let dir: string;
let report: Report;
const T0 = Date.UTC(2026, 10, 21, 12);
const BEDROCK_MS = [900, 1100, 1300, 1500, 1700, 1900, 2100, 2300, 2900, 3100];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-sdk-'));
  const provider = new BasicTracerProvider({
    spanProcessors: [...createKensaSpanProcessors(), new SimpleSpanProcessor(new FileSpanExporter({ directory: dir }))],
  });
  const tracer = provider.getTracer('roundtrip');
  BEDROCK_MS.forEach((bedrockMs, i) => {
    const start = T0 + i * 10_000;
    const root = tracer.startSpan('orchestrator handle_message', { kind: SpanKind.SERVER, startTime: start });
    const ctx = trace.setSpan(context.active(), root);
    const redis = tracer.startSpan('GET', { kind: SpanKind.CLIENT, startTime: start + 10, attributes: { 'db.system.name': 'redis' } }, ctx);
    redis.end(start + 13);
    const bedrock = tracer.startSpan(
      'chat anthropic.claude-3-haiku-20240307-v1:0',
      {
        kind: SpanKind.CLIENT,
        startTime: start + 20,
        attributes: {
          'gen_ai.provider.name': 'aws.bedrock',
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'anthropic.claude-3-haiku-20240307-v1:0',
          'gen_ai.usage.input_tokens': 1000,
          'gen_ai.usage.output_tokens': 200,
          'session.id': `s-${i % 3}`,
        },
      },
      ctx,
    );
    if (i === 9) {
      const err = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      bedrock.recordException(err);
      bedrock.setAttribute('error.type', 'ThrottlingException');
      bedrock.setStatus({ code: SpanStatusCode.ERROR, message: 'Rate exceeded' });
    }
    bedrock.end(start + 20 + bedrockMs);
    root.end(start + 20 + bedrockMs + 30);
  });
  await provider.forceFlush();
  await provider.shutdown();
  report = await runReport([dir]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('telemetry written by the distro\'s file exporter', () => {
  it('is read span for span, with exact durations', () => {
    expect(report.input).toMatchObject({ spans: 30, traces: 10, skippedLines: 0 });
    const met = BEDROCK_MS.filter((ms) => ms + 50 <= 3000).length;
    expect(report.sla).toMatchObject({ requests: 10, met, targetMs: 3000 });
    const bedrock = report.components.find((c) => c.component === 'bedrock_invoke');
    expect(bedrock?.count).toBe(10);
    expect(bedrock?.maxMs).toBe(3100);
    const redis = report.components.find((c) => c.component === 'redis_cache');
    expect(redis?.maxMs).toBe(3);
    // The orchestrator root is measured by its own time: 20 ms before Bedrock, 30 after, minus Redis's 3.
    expect(report.components.find((c) => c.component === 'orchestrator')?.maxMs).toBeCloseTo(47, 9);
  });

  it('sees the attributes the processors added and the exception the SDK recorded', () => {
    expect(report.errors.patterns).toHaveLength(1);
    expect(report.errors.patterns[0]).toMatchObject({ id: 'EP-001', count: 1, exampleMessage: 'ThrottlingException: Rate exceeded' });
    expect(report.bottleneck.slowTraces[0]).toMatchObject({ bottleneck: 'bedrock_invoke', durationMs: 3150, slaMet: false });
    expect(report.cost.byModel[0]).toMatchObject({ key: 'anthropic.claude-3-haiku-20240307-v1:0', calls: 10, inputTokens: 10_000 });
    expect(report.cost.topSessions.map((s) => s.key).sort()).toEqual(['s-0', 's-1', 's-2']);
  });
});
