import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTraceId } from '../src/cli/runDiagnose';
import { writeTelemetry } from '../src/generate';
import { readSpans, type PlainSpan } from './independent';
import { runCli } from './helpers';

let dir: string;
let spans: PlainSpan[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-diag-'));
  const { file } = await writeTelemetry(dir, { requests: 300, seed: 11, faults: { throttlingRate: 0.2 } });
  spans = readSpans(file);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kensa diagnose', () => {
  it('matches error text to its pattern with root cause, remediation and a question', async () => {
    const r = await runCli(['diagnose', 'ThrottlingException: Rate exceeded']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^EP-001 Bedrock throttling \(confidence 0\.95, matched by code_and_message\)/);
    expect(r.stdout).toMatch(/Root cause: .*quota/);
    expect(r.stdout).toMatch(/Impact: /);
    expect(r.stdout).toMatch(/1\. Retry with exponential backoff/);
    expect(r.stdout).toMatch(/Question for your AI assistant \(Amazon Q Developer\)[\s\S]*failed with ThrottlingException with the message "ThrottlingException: Rate exceeded"[\s\S]*EP-001/);
  });

  it('diagnoses a failed trace with its context', async () => {
    const failed = spans.find((s) => s.error) as PlainSpan;
    const traceSpans = spans.filter((s) => s.traceId === failed.traceId);
    const root = traceSpans.find((s) => s.parentSpanId === '') as PlainSpan;
    const r = await runCli(['diagnose', failed.traceId, '--input', dir, '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.pattern).toMatchObject({ id: 'EP-001', name: 'Bedrock throttling', transient: true });
    expect(d.confidence).toBe(0.95);
    expect(d.trace).toMatchObject({
      traceId: failed.traceId,
      model: failed.attrs['gen_ai.request.model'],
      sessionId: root.attrs['session.id'],
      userId: root.attrs['user.id'],
      slaMet: root.durationMs <= 3000,
      failedSpan: { name: failed.name, errorType: 'ThrottlingException', message: 'Rate exceeded' },
    });
    expect(d.trace.durationMs).toBeCloseTo(root.durationMs, 6);
    expect(Object.keys(d.trace.breakdown)).toHaveLength(8);
    expect(d.question).toContain(`(trace ${failed.traceId})`);
    expect(d.question).toContain(`model ${failed.attrs['gen_ai.request.model']}`);
  });

  it('accepts the X-Ray form of a trace id', async () => {
    const id = spans[0]?.traceId as string;
    expect(parseTraceId(`1-${id.slice(0, 8)}-${id.slice(8)}`)).toBe(id);
    const r = await runCli(['diagnose', `1-${id.slice(0, 8)}-${id.slice(8)}`, '-i', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Trace ${id}`);
  });

  it('gives the latency breakdown of a trace that did not fail', async () => {
    const ok = spans.find((s) => s.parentSpanId === '' && !spans.some((x) => x.traceId === s.traceId && x.error)) as PlainSpan;
    const r = await runCli(['diagnose', ok.traceId, '--input', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No span of this trace failed/);
    expect(r.stdout).toMatch(/bedrock_invoke .*← bottleneck/);
  });

  it('explains what is missing instead of failing obscurely', async () => {
    const id = spans[0]?.traceId as string;
    const noInput = await runCli(['diagnose', id]);
    expect(noInput).toMatchObject({ code: 1 });
    expect(noInput.stderr).toMatch(/--input/);
    const unknown = await runCli(['diagnose', 'f'.repeat(32), '--input', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/trace f{32} not found in 1 file\(s\) \(2400 spans read\)/);
    const nonsense = await runCli(['diagnose', 'the printer is on fire']);
    expect(nonsense.code).toBe(1);
    expect(nonsense.stdout).toMatch(/No known error pattern matches/);
  });
});
