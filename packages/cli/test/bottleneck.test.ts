import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runReport } from '../src/runReport';

const dir = mkdtempSync(join(tmpdir(), 'kensa-bottleneck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = 1_763_683_200_000;
function span(traceId: string, spanId: string, parentSpanId: string, name: string, startMs: number, durMs: number, attrs: Record<string, string | number>) {
  return {
    traceId, spanId, parentSpanId, name,
    startTimeUnixNano: `${startMs}000000`,
    endTimeUnixNano: `${startMs + durMs}000000`,
    attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { doubleValue: v } : { stringValue: v } })),
  };
}

describe('bottleneck of a slow request', () => {
  it('comes from the trace\'s spans when they are there, from the root\'s attributes when they are not', async () => {
    const withChildren = [
      span('1'.repeat(32), '1'.repeat(16), '', 'orchestrator handle_message', T, 4000, { 'kensa.bottleneck.component': 'orchestrator', 'kensa.bottleneck.share': 1 }),
      span('1'.repeat(32), '2'.repeat(16), '1'.repeat(16), 'chat m', T + 100, 3500, { 'gen_ai.provider.name': 'aws.bedrock' }),
    ];
    const rootOnly = [span('2'.repeat(32), '3'.repeat(16), '', 'orchestrator handle_message', T, 3500, { 'kensa.bottleneck.component': 'opensearch_vector', 'kensa.bottleneck.share': 0.4 })];
    const f = join(dir, 'traces.jsonl');
    writeFileSync(f, [withChildren, rootOnly].map((spans) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })).join('\n'));
    const r = await runReport([f]);
    expect(r.bottleneck.slowTraces.map((t) => [t.traceId, t.bottleneck, t.bottleneckShare])).toEqual([
      ['1'.repeat(32), 'bedrock_invoke', 3500 / 4000],
      ['2'.repeat(32), 'opensearch_vector', 0.4],
    ]);
    // The root-only trace counts as opensearch's, but adds no time: where it went inside is unknown.
    expect(r.bottleneck.overall).toEqual({ component: 'bedrock_invoke', slowTraces: 1, shareOfSlowTime: 3500 / 4000 });
    expect(r.bottleneck.byComponent.find((b) => b.component === 'opensearch_vector')).toEqual({ component: 'opensearch_vector', slowTraces: 1, shareOfSlowTime: 0 });
    expect(r.bottleneck.byComponent.find((b) => b.component === 'orchestrator')).toEqual({ component: 'orchestrator', slowTraces: 0, shareOfSlowTime: 500 / 4000 });
  });
});
