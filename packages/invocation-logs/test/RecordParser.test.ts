import { describe, expect, it } from 'vitest';
import { RecordParser, regionFromKey } from '../src/RecordParser';
import { HAIKU, invocationRecord, logKey } from './fixtures';

describe('RecordParser', () => {
  const issues: Array<[string, number, boolean]> = [];
  const report = (code: string, _m: string, line: number, skip: boolean) => issues.push([code, line, skip]);

  it('reads the fields of a real-schema record and floors the timestamp to its minute', () => {
    const parser = new RecordParser(undefined);
    const record = parser.parse(
      JSON.stringify(invocationRecord({ timestamp: '2026-11-20T10:15:42Z', modelId: HAIKU, operation: 'InvokeModel', input: 10, output: 5, cacheRead: 3, inferenceRegion: 'us-east-1' })),
      1,
      report,
    );
    expect(record).toMatchObject({
      minuteMs: Date.parse('2026-11-20T10:15:00Z'),
      modelId: HAIKU,
      operation: 'InvokeModel',
      sourceRegion: 'us-east-1',
      inferenceRegion: 'us-east-1',
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 3,
      cacheWriteTokens: 0,
    });
  });

  it('skips non-JSON, other schema types and records without modelId or timestamp (BMAS-003)', () => {
    issues.length = 0;
    const parser = new RecordParser('us-east-1');
    expect(parser.parse('{not json', 1, report)).toBeUndefined();
    expect(parser.parse(JSON.stringify({ schemaType: 'Other', modelId: HAIKU, timestamp: '2026-11-20T10:15:42Z' }), 2, report)).toBeUndefined();
    expect(parser.parse(JSON.stringify({ timestamp: '2026-11-20T10:15:42Z' }), 3, report)).toBeUndefined();
    expect(parser.parse(JSON.stringify({ modelId: HAIKU, timestamp: 'yesterday' }), 4, report)).toBeUndefined();
    expect(parser.parse('   ', 5, report)).toBeUndefined();
    expect(issues).toEqual([
      ['BMAS-003', 1, true],
      ['BMAS-003', 2, true],
      ['BMAS-003', 3, true],
      ['BMAS-003', 4, true],
    ]);
  });

  it('counts the invocation but not a negative or non-numeric token count (BMAS-007)', () => {
    issues.length = 0;
    const parser = new RecordParser('us-east-1');
    const raw = invocationRecord({ timestamp: '2026-11-20T10:15:42Z', modelId: HAIKU, operation: 'Converse', input: 10, output: 5 });
    (raw.input as Record<string, unknown>).inputTokenCount = -4;
    (raw.output as Record<string, unknown>).outputTokenCount = 'many';
    const record = parser.parse(JSON.stringify(raw), 7, report);
    expect(record).toMatchObject({ inputTokens: 0, outputTokens: 0 });
    expect(issues).toEqual([
      ['BMAS-007', 7, false],
      ['BMAS-007', 7, false],
    ]);
  });

  it('takes the region from the key when the record has none, and reports BMAS-008 when neither has it', () => {
    const key = logKey('eu-west-1', '2026-11-20T10:00:00.000Z', 'a');
    expect(regionFromKey(key)).toBe('eu-west-1');
    const raw = invocationRecord({ timestamp: '2026-11-20T10:15:42Z', modelId: HAIKU, operation: 'Converse' });
    delete raw.region;
    expect(new RecordParser('eu-west-1').parse(JSON.stringify(raw), 1, report)?.sourceRegion).toBe('eu-west-1');
    issues.length = 0;
    expect(new RecordParser(undefined).parse(JSON.stringify(raw), 2, report)?.sourceRegion).toBe('unknown');
    expect(issues).toEqual([['BMAS-008', 2, false]]);
  });
});
