import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTelemetry } from '../src/generate';
import { runCli } from './helpers';
import { readSpans, type PlainSpan } from './independent';

let dir: string;
let throttledFile: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-fp-'));
  ({ file: throttledFile } = await writeTelemetry(join(dir, 'throttled'), { requests: 200, seed: 5, faults: { throttlingRate: 0.2 } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMENTED = `# Kensa config for manga-assist (owned by the platform team)
sla_ms: 3000 # the end-to-end target

# Bedrock gets most of it
budgets:
  bedrock_invoke: { budget_ms: 2300 }
error_false_positive_marks:
  EP-004: 2 # stale index, not a real outage
`;

describe('kensa mark-false-positive', () => {
  it('adds a mark in place, keeping comments and the rest of the file', async () => {
    const file = join(dir, 'kensa.yaml');
    writeFileSync(file, COMMENTED);
    const first = await runCli(['mark-false-positive', 'EP-004', '--config', file]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe(`EP-004 marked false positive 3 times in ${file}; low confidence after more than 3\n`);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# Kensa config for manga-assist (owned by the platform team)');
    expect(text).toContain('sla_ms: 3000 # the end-to-end target');
    expect(text).toContain('# Bedrock gets most of it');
    expect(text).toContain('EP-004: 3 # stale index, not a real outage');

    const second = await runCli(['mark-false-positive', 'EP-004'], { KENSA_CONFIG: file });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('EP-004 marked false positive 4 times');
    expect(second.stdout).toContain('more than 3: its matches now have low confidence (0.3)');
    // A pattern marked for the first time gets its own entry beside the others.
    expect((await runCli(['mark-false-positive', 'EP-001', '--config', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/error_false_positive_marks:\n {2}EP-004: 4 # stale index, not a real outage\n {2}EP-001: 1\n/);
  });

  it('creates the file and the key when there are none', async () => {
    const file = join(dir, 'new.yaml');
    const r = await runCli(['mark-false-positive', 'EP-002', '--config', file]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('error_false_positive_marks:\n  EP-002: 1\n');
  });

  it('knows the patterns the config file adds', async () => {
    const file = join(dir, 'custom.yaml');
    writeFileSync(
      file,
      'error_patterns:\n  - { id: EP-101, name: Reranker overload, category: rerank, transient: true, severity: medium, error_codes: [RerankOverload], remediation: Scale the reranker. }\n',
    );
    const r = await runCli(['mark-false-positive', 'EP-101', '--config', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('refuses unknown patterns, a missing config path and files it cannot edit, changing nothing', async () => {
    const file = join(dir, 'refuse.yaml');
    writeFileSync(file, COMMENTED);
    const unknown = await runCli(['mark-false-positive', 'EP-999', '--config', file]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^kensa: unknown error pattern "EP-999" \(known: EP-001, EP-002, .*EP-010\)\n$/);
    expect((await runCli(['mark-false-positive', 'EP-001'])).stderr).toBe('kensa: no config file: pass --config <file> or set KENSA_CONFIG\n');
    expect((await runCli(['mark-false-positive', 'EP-001'])).code).toBe(2);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'sla_ms: [3000\n');
    const broken = await runCli(['mark-false-positive', 'EP-001', '--config', bad]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${bad} is not valid YAML or JSON`);
    const list = join(dir, 'list.yaml');
    writeFileSync(list, 'error_false_positive_marks: [EP-001]\n');
    expect((await runCli(['mark-false-positive', 'EP-001', '--config', list])).stderr).toContain('error_false_positive_marks must map pattern ids to counts');
    expect(readFileSync(file, 'utf8')).toBe(COMMENTED);
    expect(readFileSync(bad, 'utf8')).toBe('sla_ms: [3000\n');
    expect(readFileSync(list, 'utf8')).toBe('error_false_positive_marks: [EP-001]\n');
  });
});

// What a team's file looks like: long strings, flow lists, unindented sequences, hex, quotes, CRLF-free.
const HAND_WRITTEN = `# Kensa config (platform team)
error_patterns:
- id: EP-101
  name: 'Reranker overload'
  category: rerank
  transient: true
  severity: medium
  error_codes: [RerankOverload, RerankTimeout]   # both seen in prod
  remediation: "Scale the reranker out to more instances, and check the autoscaling policy of the reranker endpoint first."
error_trend_window_ms: 0x493E0   # 300000, written in hex by someone
error_false_positive_marks:
  EP-004: 2 # stale index, not a real outage
# end of file
`;

describe('kensa mark-false-positive leaves the rest of the file alone', () => {
  const mark = async (name: string, content: string, id: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const r = await runCli(['mark-false-positive', id, '--config', file]);
    return { ...r, text: readFileSync(file, 'utf8') };
  };

  it('changes only the count, or adds only the new entry, byte for byte', async () => {
    const counted = await mark('hand.yaml', HAND_WRITTEN, 'EP-004');
    expect(counted.code).toBe(0);
    expect(counted.text).toBe(HAND_WRITTEN.replace('EP-004: 2 #', 'EP-004: 3 #'));
    const added = await mark('hand-new.yaml', HAND_WRITTEN, 'EP-101');
    expect(added.text).toBe(HAND_WRITTEN.replace('not a real outage\n', 'not a real outage\n  EP-101: 1\n'));
  });

  it('adds to a flow map, an empty key and a file without the key', async () => {
    expect((await mark('flow.yaml', 'sla_ms: 3000\nerror_false_positive_marks: { EP-004: 2 }  # why\n', 'EP-001')).text).toBe(
      'sla_ms: 3000\nerror_false_positive_marks: { EP-004: 2, EP-001: 1 }  # why\n',
    );
    expect((await mark('empty.yaml', 'error_false_positive_marks: # none yet\nsla_ms: 3000\n', 'EP-001')).text).toBe(
      'error_false_positive_marks: # none yet\n  EP-001: 1\nsla_ms: 3000\n',
    );
    expect((await mark('tilde.yaml', 'error_false_positive_marks: ~\n', 'EP-001')).text).toBe('error_false_positive_marks: { EP-001: 1 }\n');
    expect((await mark('nokey.yaml', 'list:\n- a   # keep\n', 'EP-001')).text).toBe('list:\n- a   # keep\nerror_false_positive_marks:\n  EP-001: 1\n');
  });

  it('keeps a JSON file strict JSON, laid out as it was', async () => {
    const pretty = '{\n  "sla_ms": 3000,\n  "budgets": { "bedrock_invoke": { "budget_ms": 2300 } }\n}\n';
    const first = await mark('kensa.json', pretty, 'EP-001');
    expect(first.code).toBe(0);
    expect(first.text).toBe('{\n  "sla_ms": 3000,\n  "budgets": { "bedrock_invoke": { "budget_ms": 2300 } },\n  "error_false_positive_marks": { "EP-001": 1 }\n}\n');
    const file = join(dir, 'kensa.json');
    expect((await runCli(['mark-false-positive', 'EP-001', '--config', file])).code).toBe(0);
    expect((await runCli(['mark-false-positive', 'EP-002', '--config', file])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      sla_ms: 3000,
      budgets: { bedrock_invoke: { budget_ms: 2300 } },
      error_false_positive_marks: { 'EP-001': 2, 'EP-002': 1 },
    });

    // JSON the distro would refuse (it parses .json strictly) is not touched.
    const trailing = await mark('trailing.json', '{ "sla_ms": 3000, }\n', 'EP-001');
    expect(trailing.code).toBe(1);
    expect(trailing.stderr).toContain('is not valid JSON');
    expect(trailing.text).toBe('{ "sla_ms": 3000, }\n');
  });

  it('refuses, changing nothing, when the mark cannot go in without moving other text', async () => {
    const ended = await mark('ended.yaml', 'sla_ms: 3000\n...\n', 'EP-001');
    expect(ended.code).toBe(1);
    expect(ended.stderr).toContain('add `error_false_positive_marks: { EP-001: 1 }` by hand');
    expect(ended.text).toBe('sla_ms: 3000\n...\n');
  });
});

describe('kensa report with marked patterns', () => {
  it('reports a pattern marked more than the threshold at low confidence, in text and JSON', async () => {
    const file = join(dir, 'marked.yaml');
    writeFileSync(file, 'error_false_positive_marks:\n  EP-001: 5\n  EP-002: 2\n');
    const text = await runCli(['report', join(dir, 'throttled')], { KENSA_CONFIG: file });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/EP-001 Bedrock throttling: \d+[^\n]*\n {6}low confidence: marked false positive 5 times/);
    const json = JSON.parse((await runCli(['report', join(dir, 'throttled'), '--json'], { KENSA_CONFIG: file })).stdout);
    const row = json.errors.patterns.find((p: { id: string }) => p.id === 'EP-001');
    expect(row.falsePositiveMarks).toBe(5);

    expect(text.stdout).toContain('low confidence: marked false positive 5 times, so its matches claim at most 0.3');
    expect(text.stdout).not.toContain('marked false positive 2 times');
    const html = join(dir, 'marked.html');
    expect((await runCli(['report', join(dir, 'throttled'), '--html', html], { KENSA_CONFIG: file })).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<pre id="report-text">[\s\S]*low confidence: marked false positive 5 times/);

    const plain = JSON.parse((await runCli(['report', join(dir, 'throttled'), '--json'])).stdout);
    expect(plain.errors.patterns.find((p: { id: string }) => p.id === 'EP-001').falsePositiveMarks).toBeNull();
    expect((await runCli(['report', join(dir, 'throttled')])).stdout).not.toContain('low confidence');
  });

  it('diagnoses an error text at the lowered confidence', async () => {
    const file = join(dir, 'marked-diagnose.yaml');
    writeFileSync(file, 'error_false_positive_marks: { EP-001: 4 }\n');
    const marked = JSON.parse((await runCli(['diagnose', '--json', 'ThrottlingException: Rate exceeded'], { KENSA_CONFIG: file })).stdout);
    const plain = JSON.parse((await runCli(['diagnose', '--json', 'ThrottlingException: Rate exceeded'])).stdout);
    expect(plain).toMatchObject({ pattern: { id: 'EP-001' }, confidence: 0.95 });
    expect(plain.pattern.falsePositiveMarks).toBeUndefined();
    expect(marked).toMatchObject({ pattern: { id: 'EP-001', falsePositiveMarks: 4 }, confidence: 0.3 });
    const text = await runCli(['diagnose', 'ThrottlingException: Rate exceeded'], { KENSA_CONFIG: file });
    expect(text.stdout).toContain('EP-001 Bedrock throttling (confidence 0.30, matched by');
    expect(text.stdout).toContain('Low confidence: users marked this pattern false positive 4 times.');
  });

  it('diagnoses a trace whose span was tagged before the marks at the lowered confidence', async () => {
    const file = join(dir, 'marked-trace.yaml');
    writeFileSync(file, 'error_false_positive_marks: { EP-001: 4 }\n');
    const failed = readSpans(throttledFile).find((s) => s.error && s.attrs['kensa.error.pattern.id'] === 'EP-001') as PlainSpan;
    expect(failed.attrs['kensa.error.pattern.confidence']).toBe(0.95);
    const args = ['diagnose', failed.traceId, '--input', join(dir, 'throttled'), '--json'];
    expect(JSON.parse((await runCli(args)).stdout)).toMatchObject({ pattern: { id: 'EP-001' }, confidence: 0.95, matchedBy: 'span attribute' });
    expect(JSON.parse((await runCli(args, { KENSA_CONFIG: file })).stdout)).toMatchObject({
      pattern: { id: 'EP-001', falsePositiveMarks: 4 },
      confidence: 0.3,
      matchedBy: 'span attribute',
    });
  });
});
