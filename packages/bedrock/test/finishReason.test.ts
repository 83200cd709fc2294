import { describe, expect, it } from 'vitest';
import { normalizeFinishReason } from '../src/index';

describe('normalizeFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_call'],
    ['refusal', 'content_filter'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
    ['malformed_model_output', 'error'],
    ['malformed_tool_use', 'error'],
    ['model_context_window_exceeded', 'length'],
    ['FINISH', 'stop'],
    ['LENGTH', 'length'],
    ['CONTENT_FILTERED', 'content_filter'],
    ['STOP_CRITERIA_MET', 'stop'],
    ['RAG_QUERY_WHEN_RAG_DISABLED', 'error'],
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_call'],
    ['content_filter', 'content_filter'],
    ['COMPLETE', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['ERROR', 'error'],
    ['ERROR_TOXIC', 'content_filter'],
    ['ERROR_LIMIT', 'length'],
    ['USER_CANCEL', 'error'],
  ] as const)('%s → %s', (raw, expected) => {
    expect(normalizeFinishReason(raw)).toBe(expected);
  });

  it('maps reasons no provider documents to stop (the raw value is kept by the parsers)', () => {
    expect(normalizeFinishReason('something_new')).toBe('stop');
    expect(normalizeFinishReason('')).toBe('stop');
    expect(normalizeFinishReason(undefined as unknown as string)).toBe('stop');
  });
});
