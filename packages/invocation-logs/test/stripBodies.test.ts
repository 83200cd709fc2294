import { describe, expect, it } from 'vitest';
import { stripBodies } from '../src/stripBodies';
import { HAIKU, invocationRecord } from './fixtures';

describe('stripBodies', () => {
  it('replaces both bodies with 0 and leaves every other field as it was', () => {
    const record = invocationRecord({ timestamp: '2026-11-22T10:00:00Z', modelId: HAIKU, operation: 'ConverseStream', input: 3, output: 4, cacheRead: 5 });
    const parsed = JSON.parse(stripBodies(JSON.stringify(record)));
    expect(parsed.input.inputBodyJson).toBe(0);
    expect(parsed.output.outputBodyJson).toBe(0);
    const { input, output, ...rest } = record as Record<string, Record<string, unknown>>;
    expect(parsed).toMatchObject(rest);
    expect(parsed.input).toMatchObject({ inputTokenCount: 3, cacheReadInputTokenCount: 5, inputContentType: 'application/json' });
    expect(parsed.output.outputTokenCount).toBe(4);
  });

  it('is not fooled by braces, quotes and escaped key names inside strings', () => {
    const tricky = {
      input: { inputBodyJson: { text: 'a } ] { [ \\" "inputBodyJson": "x\\\\', nested: [{ b: '}' }] }, inputTokenCount: 9 },
      note: 'say \\"outputBodyJson\\": {',
      output: { outputBodyJson: 'plain string body with } and "quotes"', outputTokenCount: 2 },
    };
    const parsed = JSON.parse(stripBodies(JSON.stringify(tricky)));
    expect(parsed).toEqual({ input: { inputBodyJson: 0, inputTokenCount: 9 }, note: tricky.note, output: { outputBodyJson: 0, outputTokenCount: 2 } });
  });

  it('leaves truncated or odd lines alone so JSON.parse judges them', () => {
    const truncated = '{"input":{"inputBodyJson":{"messages":[{"role":"user"';
    expect(stripBodies(truncated)).toBe(truncated);
    expect(stripBodies('{"input":{"inputBodyJson":null,"inputTokenCount":1}}')).toBe('{"input":{"inputBodyJson":null,"inputTokenCount":1}}');
  });
});
