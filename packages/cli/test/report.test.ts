import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTelemetry, type GeneratorOptions } from '../src/generate';
import { SKETCH_RELATIVE_ACCURACY } from '../src/report/LatencyDistribution';
import type { Report } from '../src/report/Report';
import { runReport } from '../src/runReport';
import { exclusiveByComponent, quantile, readSpans, type PlainSpan } from './independent';

const OPTIONS: GeneratorOptions = {
  requests: 3000,
  intervalMs: 1000,
  seed: 42,
  sessions: 40,
  faults: { throttlingRate: 0.2, throttlingRamp: true, slowVectorSearchRate: 0.03, lowRelevanceRate: 0.05, contextOverflowRate: 0.04 },
};

let dir: string;
let file: string;
let spans: PlainSpan[];
let report: Report;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-report-'));
  file = (await writeTelemetry(dir, OPTIONS)).file;
  spans = readSpans(file);
  report = await runReport([dir]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const roots = (): PlainSpan[] => spans.filter((s) => s.parentSpanId === '');

describe('kensa report on known input', () => {
  it('counts the input', () => {
    expect(report.input).toMatchObject({ spans: 24_000, traces: 3000, traceLines: 375, skippedLines: 0, lines: 375 });
    expect(report.input.startMs).toBeCloseTo(Math.min(...spans.map((s) => s.startMs)), 3);
  });

  it('computes SLA compliance from root spans', () => {
    const met = roots().filter((r) => r.durationMs <= 3000).length;
    expect(met).toBeLessThan(3000);
    expect(report.sla).toEqual({ targetMs: 3000, requests: 3000, met, violated: 3000 - met, compliance: met / 3000 });
  });

  it('reports per-component p50/p90/p99 of exclusive time exactly', () => {
    const byComponent = exclusiveByComponent(spans);
    expect(report.components.map((c) => c.component)).toEqual([
      'api_gateway', 'orchestrator', 'redis_cache', 'dynamodb_session', 'opensearch_vector', 'bedrock_invoke', 'response_parsing', 'websocket_delivery',
    ]);
    for (const c of report.components) {
      const values = byComponent.get(c.component) as number[];
      expect(c.count).toBe(values.length);
      expect(c.exact).toBe(true);
      // Exact selection; the exclusive times themselves may differ in the last bits from the order of subtraction.
      expect(c.p50Ms, c.component).toBeCloseTo(quantile(values, 0.5), 9);
      expect(c.p90Ms, c.component).toBeCloseTo(quantile(values, 0.9), 9);
      expect(c.p99Ms, c.component).toBeCloseTo(quantile(values, 0.99), 9);
      expect(c.maxMs).toBeCloseTo(Math.max(...values), 9);
      expect(c.meanMs).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
    }
  });

  it('past the exact limit, percentiles come from the sketch within its accuracy', async () => {
    const sketched = await runReport([dir], { exactLimit: 100 });
    const byComponent = exclusiveByComponent(spans);
    for (const c of sketched.components) {
      const values = byComponent.get(c.component) as number[];
      expect(c.exact).toBe(false);
      expect(c.maxMs).toBeCloseTo(Math.max(...values), 9);
      for (const [q, got] of [[0.5, c.p50Ms], [0.9, c.p90Ms], [0.99, c.p99Ms]] as const) {
        const want = quantile(values, q);
        expect(Math.abs(got - want), `${c.component} p${q * 100}: ${got} vs ${want}`).toBeLessThanOrEqual(want * SKETCH_RELATIVE_ACCURACY + 1e-9);
      }
    }
  });

  it('judges each span against its component budget', () => {
    const byComponent = exclusiveByComponent(spans);
    const bedrock = report.components.find((c) => c.component === 'bedrock_invoke');
    const values = byComponent.get('bedrock_invoke') as number[];
    expect(bedrock?.budgetMs).toBe(2300);
    expect(bedrock?.statusCounts).toEqual({
      within_budget: values.filter((v) => v <= 1800).length,
      warning: values.filter((v) => v > 1800 && v < 2500).length,
      exceeded: values.filter((v) => v >= 2500 && v < 3000).length,
      critical: values.filter((v) => v >= 3000).length,
    });
  });

  it('names the bottleneck overall and of each slow trace', () => {
    const slowRoots = roots().filter((r) => r.durationMs > 3000).sort((a, b) => b.durationMs - a.durationMs);
    expect(report.bottleneck.overall?.component).toBe('bedrock_invoke');
    expect(report.bottleneck.overall?.slowTraces).toBe(slowRoots.filter((r) => r.attrs['kensa.bottleneck.component'] === 'bedrock_invoke').length);
    const listed = report.bottleneck.slowTraces;
    expect(listed.map((t) => t.traceId)).toEqual(slowRoots.slice(0, 10).map((r) => r.traceId));
    for (const t of listed) {
      const traceSpans = spans.filter((s) => s.traceId === t.traceId);
      const excl = exclusiveByComponent(traceSpans);
      const [top] = [...excl.entries()].sort((a, b) => (b[1][0] as number) - (a[1][0] as number));
      expect(t.bottleneck).toBe(top?.[0]);
      expect(t.spans).toHaveLength(8);
      expect(t.spans[0]?.offsetMs).toBe(0);
      expect(t.breakdown.bedrock_invoke).toBeCloseTo(excl.get('bedrock_invoke')?.[0] as number, 6);
    }
  });

  it('counts error patterns, their trend and remediation', () => {
    const failed = spans.filter((s) => s.error);
    const ep1 = failed.filter((s) => s.attrs['kensa.error.pattern.id'] === 'EP-001').length;
    const ep3 = failed.filter((s) => s.attrs['kensa.error.pattern.id'] === 'EP-003').length;
    expect(report.errors.failedSpans).toBe(failed.length);
    const [first, second] = report.errors.patterns;
    expect(first).toMatchObject({ id: 'EP-001', name: 'Bedrock throttling', category: 'throttling', count: ep1, transient: true, trend: 'increasing' });
    expect(first?.share).toBeCloseTo(ep1 / failed.length, 12);
    expect(first?.remediation.join(' ')).toMatch(/backoff/i);
    expect(first?.rootCause).toMatch(/quota/i);
    expect(second).toMatchObject({ id: 'EP-003', count: ep3, transient: false });
    // A throttled call never gets to fail on its prompt size, so rising throttling masks EP-003.
    expect(second?.trend).not.toBe('increasing');
    expect(first?.exampleMessage).toBe('ThrottlingException: Rate exceeded');
  });

  it('adds up cost and tokens by model, operation and session', () => {
    const calls = spans.filter((s) => s.attrs['gen_ai.operation.name'] === 'chat');
    const sum = (xs: PlainSpan[], k: string): number => xs.reduce((a, s) => a + (Number(s.attrs[k]) || 0), 0);
    expect(report.cost.calls).toBe(calls.length);
    expect(report.cost.totalUsd).toBeCloseTo(sum(calls, 'kensa.gen_ai.cost.total_usd'), 9);
    expect(report.cost.inputTokens).toBe(sum(calls, 'gen_ai.usage.input_tokens'));
    expect(report.cost.outputTokens).toBe(sum(calls, 'gen_ai.usage.output_tokens'));
    for (const row of report.cost.byModel) {
      const mine = calls.filter((s) => s.attrs['gen_ai.request.model'] === row.key);
      expect(row.calls).toBe(mine.length);
      expect(row.costUsd).toBeCloseTo(sum(mine, 'kensa.gen_ai.cost.total_usd'), 9);
    }
    expect(report.cost.byModel[0]?.key).toBe('anthropic.claude-3-sonnet-20240229-v1:0');
    expect(report.cost.byOperation).toHaveLength(1);
    const bySession = new Map<string, number>();
    for (const s of calls) bySession.set(String(s.attrs['session.id']), (bySession.get(String(s.attrs['session.id'])) ?? 0) + (Number(s.attrs['kensa.gen_ai.cost.total_usd']) || 0));
    const top = [...bySession.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    expect(report.cost.topSessions.map((r) => r.key)).toEqual(top.map(([k]) => k));
    expect(report.cost.sessionsApproximate).toBe(false);
  });

  it('lists context-budget warnings', () => {
    const calls = spans.filter((s) => s.attrs['kensa.context.status'] !== undefined);
    const critical = calls.filter((s) => s.attrs['kensa.context.status'] === 'critical');
    expect(report.context.checked).toBe(calls.length);
    expect(report.context.critical).toBe(critical.length);
    expect(report.context.warning).toBe(calls.filter((s) => s.attrs['kensa.context.status'] === 'warning').length);
    expect(report.context.maxUtilization).toBeCloseTo(Math.max(...calls.map((s) => Number(s.attrs['kensa.context.utilization']))), 12);
    expect(report.context.largestSections.history).toBe(critical.length);
    expect(report.context.examples[0]?.utilization).toBe(report.context.maxUtilization);
  });

  it('counts low-relevance retrievals', () => {
    const searches = spans.filter((s) => s.attrs['kensa.retrieval.score.max'] !== undefined);
    expect(report.retrieval.searches).toBe(searches.length);
    expect(report.retrieval.lowRelevance).toBe(searches.filter((s) => Number(s.attrs['kensa.retrieval.score.max']) < 0.3).length);
    expect(report.retrieval.lowRelevance).toBeGreaterThan(0);
  });

  it('flags the slow vector searches as anomalies', () => {
    const slowSearches = spans.filter((s) => s.attrs['kensa.budget.component'] === 'opensearch_vector' && s.durationMs > 600).length;
    const os = report.anomalies.spans.find((g) => g.component === 'opensearch_vector');
    expect(slowSearches).toBeGreaterThan(20);
    // Each injected slow search is 700 ms over a 100–200 ms norm: all but back-to-back ones are caught.
    expect(os?.count).toBeGreaterThanOrEqual(slowSearches * 0.9);
    expect(os?.examples[0]?.valueMs).toBeGreaterThan(600);
  });

  it('keeps a timeline of windows that adds up to the totals', () => {
    const w = report.timeline.windows;
    expect(report.timeline.windowMs).toBe(300_000);
    expect(w.length).toBe(11);
    expect(w.reduce((a, x) => a + x.requests, 0)).toBe(3000);
    expect(w.reduce((a, x) => a + x.slaMet, 0)).toBe(report.sla.met);
    expect(w.reduce((a, x) => a + (x.errors['EP-001'] ?? 0), 0)).toBe(report.errors.patterns[0]?.count);
    const first = roots().filter((r) => r.startMs < (w[1]?.startMs ?? 0)).map((r) => r.durationMs);
    expect(w[0]?.requests).toBe(first.length);
    const p99 = quantile(first, 0.99);
    expect(Math.abs((w[0]?.requestP99Ms ?? 0) - p99)).toBeLessThanOrEqual(p99 * 0.01);
  });
});

describe('telemetry variants give the same report', () => {
  it('without the Kensa processors\' attributes, components come from the processors\' rules', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kensa-plain-'));
    try {
      await writeTelemetry(d, { ...OPTIONS, kensaAttributes: false });
      const plain = await runReport([d]);
      expect(plain.components).toEqual(report.components);
      expect(plain.sla).toEqual(report.sla);
      expect(plain.bottleneck.slowTraces.map((t) => [t.traceId, t.bottleneck])).toEqual(report.bottleneck.slowTraces.map((t) => [t.traceId, t.bottleneck]));
      // No pattern attributes: the processors' matcher files the failures under the same patterns.
      expect(plain.errors.patterns.map((p) => [p.id, p.count])).toEqual(report.errors.patterns.map((p) => [p.id, p.count]));
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('int64 written as JSON numbers reads the same as int64 strings', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kensa-num-'));
    try {
      await writeTelemetry(d, { ...OPTIONS, int64AsNumber: true });
      const numeric = await runReport([d]);
      expect(numeric.sla).toEqual(report.sla);
      expect(numeric.cost.inputTokens).toBe(report.cost.inputTokens);
      expect(numeric.components.map((c) => c.count)).toEqual(report.components.map((c) => c.count));
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
