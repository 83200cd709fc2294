import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryGenerator, writeTelemetry } from '../src/generate';
import { reportSchema } from '../src/index';
import { runCli } from './helpers';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-cli-'));
  await writeTelemetry(join(dir, 'good'), { requests: 400, seed: 3, faults: { throttlingRate: 0.1, slowVectorSearchRate: 0.03 } });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noStack = (s: string): void => expect(s).not.toMatch(/\n\s+at /);

describe('kensa report', () => {
  it('prints every section of the text report', async () => {
    const r = await runCli(['report', join(dir, 'good')]);
    expect(r.code).toBe(0);
    for (const heading of ['SLA:', 'Latency by component', 'Bottleneck:', 'Anomalies', 'Error patterns', 'Cost and tokens', 'Context budget', 'Retrieval:', 'Waterfall: trace']) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toMatch(/EP-001 Bedrock throttling: \d+/);
    expect(r.stdout).toMatch(/SPANS opensearch_vector: \d+ anomalous; worst \d+ ms/);
    expect(r.stderr).toBe('');
  });

  it('--json output validates against the published schema', async () => {
    const r = await runCli(['report', join(dir, 'good'), '--json']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(readFileSync(join(__dirname, '..', 'schema', 'report.schema.json'), 'utf8'));
    expect(reportSchema).toEqual(schema);
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    // The schema is strict: an unknown field is rejected, so it cannot drift silently from the output.
    expect(validate({ ...doc, extra: 1 })).toBe(false);
    expect(validate({ ...doc, sla: { ...doc.sla, compliance: 2 } })).toBe(false);
  });

  it('skips truncated and non-OTLP lines, naming file and line, and reports the rest', async () => {
    const f = join(dir, 'mixed.jsonl');
    const lines = [...new TelemetryGenerator({ requests: 16, requestsPerLine: 8 }).lines()];
    writeFileSync(f, [lines[0], '{"resourceSpans":[{"scopeSp', '{"hello":"world"}', '', lines[1]].join('\n') + '\n');
    const r = await runCli(['report', f, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${f}:2: skipped, not valid JSON (truncated line?)`);
    expect(r.stderr).toContain(`${f}:3: skipped, not an OTLP/JSON export request`);
    const doc = JSON.parse(r.stdout);
    expect(doc.input).toMatchObject({ skippedLines: 2, spans: 128, traces: 16, lines: 5 });
  });

  it('counts metric and log lines without mistaking them for bad input', async () => {
    const d = join(dir, 'withsignals');
    await writeTelemetry(d, { requests: 8 });
    writeFileSync(join(d, 'metrics.jsonl'), JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'gen_ai.client.token.usage', histogram: { dataPoints: [{}, {}] } }] }] }] }) + '\n');
    writeFileSync(join(d, 'logs.jsonl'), JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{}, {}, {}] }] }] }) + '\n');
    const r = await runCli(['report', d, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).input).toMatchObject({ files: [join(d, 'logs.jsonl'), join(d, 'metrics.jsonl'), join(d, 'traces.jsonl')], metricLines: 1, metricDataPoints: 2, logLines: 1, logRecords: 3, skippedLines: 0 });
  });

  it.each([
    ['a missing file', () => [join(dir, 'nope.jsonl')], /input not found: .*nope\.jsonl/],
    ['an empty file', () => { const f = join(dir, 'empty.jsonl'); writeFileSync(f, ''); return [f]; }, /nothing to report: the input is empty/],
    ['only garbage', () => { const f = join(dir, 'garbage.jsonl'); writeFileSync(f, 'not json\n[1,2]\n'); return [f]; }, /nothing to report: no spans in 2 line\(s\) \(2 skipped\)/],
    ['a directory without telemetry', () => { const d = join(dir, 'emptydir'); mkdirSync(d, { recursive: true }); return [d]; }, /no \.jsonl or \.json files in directory/],
  ])('exits 1 with a clear message on %s', async (_what, paths, message) => {
    const r = await runCli(['report', ...paths()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    noStack(r.stderr);
  });

  it('exits 2 on a usage error', async () => {
    const r = await runCli(['report', join(dir, 'good'), '--window', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a positive number/);
    expect((await runCli(['report'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });

  it('prints throughput and peak RSS with KENSA_REPORT_STATS=1', async () => {
    const r = await runCli(['report', join(dir, 'good'), '--json'], { KENSA_REPORT_STATS: '1' });
    const m = /kensa-stats (\{.*\})/.exec(r.stderr);
    expect(JSON.parse(m?.[1] ?? '{}')).toMatchObject({ spans: 3200, maxRssMb: expect.any(Number), seconds: expect.any(Number) });
  });
});

describe('the kensa binary', () => {
  const bin = join(__dirname, '..', 'dist', 'bin.js');
  it('runs as a child process and exits non-zero without a stack trace on bad input', async () => {
    expect(existsSync(bin), 'build @kensa/cli first: npm run build -w packages/cli').toBe(true);
    const ok = await promisify(execFile)(process.execPath, [bin, 'report', join(dir, 'good'), '--json']);
    expect(JSON.parse(ok.stdout).sla.requests).toBe(400);
    const bad = await promisify(execFile)(process.execPath, [bin, 'report', join(dir, 'missing')]).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toMatch(/^kensa: input not found/);
    noStack((bad as { stderr: string }).stderr);
  });
});
