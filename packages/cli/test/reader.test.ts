import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TelemetryGenerator } from '../src/generate';
import { OtlpReader } from '../src/input/OtlpReader';
import { resolveInputs } from '../src/input/resolveInputs';

const dir = mkdtempSync(join(tmpdir(), 'kensa-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything a read produces: spans in order (ids and times), stats, warnings, progress. */
async function read(paths: string[], chunkBytes?: number): Promise<{ spans: string[]; stats: unknown; warnings: string[]; progress: number[] }> {
  const spans: string[] = [];
  const warnings: string[] = [];
  const progress: number[] = [];
  const reader = new OtlpReader({
    ...(chunkBytes !== undefined ? { chunkBytes } : {}),
    onSpan: (s) => spans.push(`${s.traceId}/${s.spanId} ${s.startMs} ${s.durationMs} ${s.component}`),
    onWarning: (m) => warnings.push(m),
    onProgress: (b) => progress.push(b),
  });
  const stats = await reader.read(resolveInputs(paths));
  return { spans, stats, warnings, progress };
}

describe('OtlpReader reads files in chunks', () => {
  const lines = [...new TelemetryGenerator({ requests: 60, requestsPerLine: 3, seed: 4, faults: { throttlingRate: 0.2 } }).lines()];
  const bad = ['{"resourceSpans":[{"scopeSp', '{"hello":"world"}', 'not json', '[1]', '{"resourceSpans":', '{', 'x'];
  // Good and bad lines interleaved, one line far longer than the small chunks, no final newline.
  const mixed = join(dir, 'a.jsonl');
  writeFileSync(mixed, [lines[0], ...bad, lines.slice(1, 10).join(''), ...lines.slice(1), ...bad].join('\n'));
  const crlf = join(dir, 'b.jsonl');
  writeFileSync(crlf, lines.slice(0, 5).join('\r\n') + '\r\n');
  writeFileSync(join(dir, 'c.jsonl'), '');

  it('with the same spans, counts and warnings whatever the chunk size', async () => {
    const whole = await read([dir], 1 << 30);
    expect(whole.warnings).toEqual([
      `${mixed}:2: skipped, not valid JSON (truncated line?)`,
      `${mixed}:3: skipped, not an OTLP/JSON export request (no resourceSpans, resourceMetrics or resourceLogs)`,
      `${mixed}:4: skipped, not valid JSON (truncated line?)`,
      `${mixed}:5: skipped, not an OTLP/JSON export request (no resourceSpans, resourceMetrics or resourceLogs)`,
      `${mixed}:6: skipped, not valid JSON (truncated line?)`,
      `${mixed}: 10 more lines skipped (15 in total)`,
    ]);
    expect(whole.stats).toMatchObject({ files: 3, lines: 1 + 7 + 1 + 19 + 7 + 5, skippedLines: 15, traceLines: 1 + 19 + 5, spans: (1 + 19 + 5) * 24 });
    for (const chunkBytes of [64, 1000, 7777, 65536]) {
      const chunked = await read([dir], chunkBytes);
      expect(chunked.spans).toEqual(whole.spans);
      expect(chunked.stats).toEqual(whole.stats);
      expect(chunked.warnings).toEqual(whole.warnings);
      expect(chunked.progress.at(-1)).toBe((whole.stats as { bytes: number }).bytes);
      expect([...chunked.progress].sort((x, y) => x - y)).toEqual(chunked.progress);
    }
  });
});
