import { describe, expect, it } from 'vitest';
import { createConverseStreamAggregator, createInvokeStreamAggregator, DEFAULT_MAX_CONTENT_CHARS } from '../src/index';
import { bytes } from './helpers';

const delta = (text: string) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });

describe('InvokeModelWithResponseStream aggregation', () => {
  it('keeps captured text within maxContentChars and says so', () => {
    const agg = createInvokeStreamAggregator('anthropic.claude', { maxContentChars: 10 });
    expect(agg.addChunk(bytes(delta('0123456')))).toBe(true);
    expect(agg.addChunk(bytes(delta('789abcdef')))).toBe(true);
    const r = agg.result();
    expect(r.outputMessages?.[0]?.parts).toEqual([{ type: 'text', content: '0123456789' }]);
    expect(r.contentTruncated).toBe(true);
  });

  it('holds at most the default bound however long the stream', () => {
    const agg = createInvokeStreamAggregator('meta.llama');
    const piece = 'x'.repeat(1000);
    for (let i = 0; i < 200; i++) expect(agg.addChunk(bytes({ generation: piece }))).toBe(true);
    const r = agg.result();
    expect((r.outputMessages?.[0]?.parts[0]?.content as string).length).toBe(DEFAULT_MAX_CONTENT_CHARS);
    expect(r.contentTruncated).toBe(true);
  });

  it('captures nothing with content off, but still detects content and counts usage', () => {
    const agg = createInvokeStreamAggregator('anthropic.claude', { content: false });
    expect(agg.addChunk(bytes({ type: 'message_start', message: { id: 'm1', usage: { input_tokens: 5 } } }))).toBe(false);
    expect(agg.addChunk(bytes(delta('hello')))).toBe(true);
    expect(agg.addChunk(bytes({ type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 3 } }))).toBe(false);
    const r = agg.result();
    expect(r).toMatchObject({ id: 'm1', usage: { inputTokens: 5, outputTokens: 3 }, finishReasons: ['length'], parsed: true });
    expect(r.outputMessages).toBeUndefined();
  });

  it('with content off, reads a long Claude stream whole without decoding its content-only deltas', () => {
    const agg = createInvokeStreamAggregator('anthropic.claude', { content: false });
    expect(agg.addChunk(bytes({ type: 'message_start', message: { id: 'm2', model: 'claude-3-5-haiku', usage: { input_tokens: 40, cache_read_input_tokens: 8 } } }))).toBe(false);
    // An empty delta before any content is decoded, and is not content.
    expect(agg.addChunk(bytes(delta('')))).toBe(false);
    expect(agg.addChunk(bytes({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }))).toBe(false);
    expect(agg.addChunk(bytes(delta('Try')))).toBe(true);
    // From here deltas are recognised by their first bytes; even an unreadable one is only content.
    for (let i = 0; i < 300; i++) expect(agg.addChunk(bytes(delta(` word${i}`)))).toBe(true);
    expect(agg.addChunk(new TextEncoder().encode('{"type":"content_block_delta","index":0,"delta":{"te'))).toBe(true);
    // A delta as the SDK's PayloadPart, and chunks that are not deltas, are still read in full.
    expect(agg.addChunk({ bytes: bytes(delta(' end')) })).toBe(true);
    expect(agg.addChunk(bytes({ type: 'content_block_stop', index: 0 }))).toBe(false);
    expect(agg.addChunk(bytes({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 302 } }))).toBe(false);
    const last = { type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 48, outputTokenCount: 302, invocationLatency: 2100, firstByteLatency: 310 } };
    expect(agg.addChunk(bytes(last))).toBe(false);
    const r = agg.result();
    expect(r).toMatchObject({ id: 'm2', model: 'claude-3-5-haiku', finishReasons: ['stop'], rawStopReasons: ['end_turn'], parsed: true, latencyMs: 2100, firstByteLatencyMs: 310 });
    expect(r.usage.outputTokens).toBe(302);
    expect(r.usage.cacheReadInputTokens).toBe(8);
    expect(r.outputMessages).toBeUndefined();
  });

  it('decodes every delta when content is captured', () => {
    const agg = createInvokeStreamAggregator('anthropic.claude', { content: true });
    for (const text of ['a', 'b', 'c']) expect(agg.addChunk(bytes(delta(text)))).toBe(true);
    expect(agg.result().outputMessages?.[0]?.parts).toEqual([{ type: 'text', content: 'abc' }]);
  });

  it('skips garbage chunks without throwing and reports parsed: false if nothing was readable', () => {
    const agg = createInvokeStreamAggregator('amazon.nova');
    for (const junk of [undefined, null, 42, 'not json', new Uint8Array([0xff, 0x00]), '[]', new ArrayBuffer(0), Symbol('x')]) {
      expect(agg.addChunk(junk)).toBe(false);
    }
    expect(agg.result()).toEqual({ finishReasons: [], rawStopReasons: [], usage: {}, parsed: false });
  });

  it('gives a usable result mid-stream (a consumer that stops early) and again at the end', () => {
    const agg = createInvokeStreamAggregator('amazon.titan-text');
    agg.addChunk(bytes({ outputText: 'Hel', inputTextTokenCount: 4, totalOutputTextTokenCount: 1 }));
    expect(agg.result()).toMatchObject({ usage: { inputTokens: 4, outputTokens: 1 }, finishReasons: [] });
    agg.addChunk(bytes({ outputText: 'lo', totalOutputTextTokenCount: 2, completionReason: 'FINISH' }));
    expect(agg.result()).toMatchObject({ usage: { inputTokens: 4, outputTokens: 2 }, finishReasons: ['stop'] });
  });

  it('lets the invocation metrics (what Bedrock bills) win over the model running counts', () => {
    const agg = createInvokeStreamAggregator('meta.llama');
    agg.addChunk(bytes({ generation: 'a', prompt_token_count: 10, generation_token_count: 1 }));
    agg.addChunk(bytes({ generation: '', generation_token_count: 2, stop_reason: 'stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 11, outputTokenCount: 3, invocationLatency: 99, firstByteLatency: 7 } }));
    expect(agg.result()).toMatchObject({ usage: { inputTokens: 11, outputTokens: 3 }, latencyMs: 99, firstByteLatencyMs: 7 });
  });

  it('records an error event of the Anthropic stream', () => {
    const agg = createInvokeStreamAggregator('anthropic.claude');
    agg.addChunk(bytes(delta('partial')));
    agg.addChunk(bytes({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    expect(agg.result()).toMatchObject({ errorType: 'overloaded_error', finishReasons: ['error'] });
  });

  it('reads Anthropic extended-thinking deltas as reasoning parts', () => {
    const agg = createInvokeStreamAggregator('anthropic.claude');
    expect(agg.addChunk(bytes({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }))).toBe(true);
    expect(agg.addChunk(bytes({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'abc' } }))).toBe(false);
    agg.addChunk(bytes(delta('answer')));
    expect(agg.result().outputMessages?.[0]?.parts).toEqual([
      { type: 'reasoning', content: 'hmm' },
      { type: 'text', content: 'answer' },
    ]);
  });

  it('accepts chunks already decoded to objects', () => {
    const agg = createInvokeStreamAggregator('meta.llama');
    expect(agg.addChunk({ generation: 'hi', stop_reason: 'stop' })).toBe(true);
    expect(agg.result().finishReasons).toEqual(['stop']);
  });
});

describe('ConverseStream aggregation', () => {
  it('ignores non-object events and unknown members', () => {
    const agg = createConverseStreamAggregator();
    for (const e of [undefined, null, 'x', 1, [], { somethingNew: {} }]) expect(agg.addEvent(e)).toBe(false);
    expect(agg.result()).toMatchObject({ finishReasons: [], usage: {} });
  });

  it('reads reasoning deltas and empty text deltas correctly', () => {
    const agg = createConverseStreamAggregator();
    expect(agg.addEvent({ contentBlockDelta: { delta: { reasoningContent: { text: 'think' } } } })).toBe(true);
    expect(agg.addEvent({ contentBlockDelta: { delta: { reasoningContent: { signature: 'sig' } } } })).toBe(false);
    expect(agg.addEvent({ contentBlockDelta: { delta: { text: '' } } })).toBe(false);
    expect(agg.addEvent({ contentBlockDelta: { delta: { text: 'ok' } } })).toBe(true);
    agg.addEvent({ messageStop: { stopReason: 'max_tokens' } });
    expect(agg.result()).toMatchObject({
      finishReasons: ['length'],
      outputMessages: [{ role: 'assistant', parts: [{ type: 'reasoning', content: 'think' }, { type: 'text', content: 'ok' }], finish_reason: 'length' }],
    });
  });

  it.each(['internalServerException', 'modelStreamErrorException', 'validationException', 'throttlingException', 'serviceUnavailableException'])(
    'marks %s as an error',
    (name) => {
      const agg = createConverseStreamAggregator();
      agg.addEvent({ [name]: { message: 'x' } });
      expect(agg.result()).toMatchObject({ errorType: name, finishReasons: ['error'] });
    },
  );
});

describe('PayloadPart tolerance', () => {
  it('reads {bytes} when handed the SDK PayloadPart instead of its payload', () => {
    const agg = createInvokeStreamAggregator('meta.llama');
    expect(agg.addChunk({ bytes: bytes({ generation: 'hi', stop_reason: 'stop' }) })).toBe(true);
    expect(agg.result()).toMatchObject({ finishReasons: ['stop'], outputMessages: [{ parts: [{ content: 'hi' }] }] });
  });
});

describe('hostile chunks and events', () => {
  const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, has: () => { throw new Error('boom'); } });

  it('never throw into the stream consumer', () => {
    const agg = createInvokeStreamAggregator('anthropic.claude');
    expect(agg.addChunk(hostile)).toBe(false);
    const conv = createConverseStreamAggregator();
    expect(conv.addEvent(hostile)).toBe(false);
    expect(() => agg.result()).not.toThrow();
    expect(() => conv.result()).not.toThrow();
  });
});
