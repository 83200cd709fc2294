import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'kensa-malformed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = {
  traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'orchestrator handle_message', kind: 'SPAN_KIND_SERVER',
  startTimeUnixNano: '1763683200000000000', endTimeUnixNano: '1763683201500000000', status: { code: 'STATUS_CODE_UNSET' },
  attributes: [{ key: 'session.id', value: { stringValue: 's1' } }],
};

describe('odd but parseable OTLP', () => {
  it('never throws on spans with missing, null or mistyped fields, and reads the good ones', async () => {
    const odd: unknown[] = [
      null, 7, 'span', {}, { traceId: 1 },
      { ...good, spanId: 'c'.repeat(16), startTimeUnixNano: 'soon' },
      { ...good, spanId: 'd'.repeat(16), parentSpanId: 'b'.repeat(16), attributes: [null, 3, { key: 5 }, { key: 'gen_ai.usage.input_tokens' }, { key: 'gen_ai.usage.input_tokens', value: null }, { key: 'kensa.sla.met', value: { stringValue: 'yes' } }] },
      { ...good, spanId: 'e'.repeat(16), parentSpanId: 'b'.repeat(16), attributes: 'none', events: [null, { name: 'exception', attributes: null }], status: null },
      { ...good, spanId: 'f'.repeat(16), parentSpanId: 'b'.repeat(16), status: { code: 2, message: 42 }, attributes: [{ key: 'gen_ai.request.model', value: { arrayValue: { values: [null, { stringValue: 'm' }] } } }] },
    ];
    const lines = [
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [good, ...odd] }] }] }),
      JSON.stringify({ resourceSpans: [null, { scopeSpans: null }, { scopeSpans: [null, { spans: null }, { spans: [good] }] }] }),
      JSON.stringify({ resourceMetrics: [null, { scopeMetrics: [{ metrics: [null, { sum: { dataPoints: 'x' } }] }] }] }),
      JSON.stringify({ resourceLogs: [{ scopeLogs: [null] }] }),
    ];
    const f = join(dir, 'odd.jsonl');
    writeFileSync(f, lines.join('\n'));
    const r = await runCli(['report', f, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    // good twice (same ids: counted twice), d, e, f; the one without a valid start time is skipped.
    expect(doc.input).toMatchObject({ spans: 5, traceLines: 2, metricLines: 1, logLines: 1, skippedLines: 0 });
    expect(doc.sla.requests).toBe(1);
    expect(doc.errors.failedSpans).toBe(1);
    expect((await runCli(['report', f])).code).toBe(0);
  });
});
