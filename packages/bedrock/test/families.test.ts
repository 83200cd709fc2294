import { describe, expect, it } from 'vitest';
import { createConverseStreamAggregator, createInvokeStreamAggregator, parseConverseResponse, parseInvokeRequest, parseInvokeResponse, resolveModel } from '../src/index';
import { bytes } from './helpers';

describe('OpenAI-compatible bodies (AI21, gpt-oss, Qwen, Writer, DeepSeek)', () => {
  it('counts system messages, given as text or blocks, as the system section and captures them in place', () => {
    const info = parseInvokeRequest('openai', {
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: 'No spoilers.' },
        { role: 'user', content: 'Recommend one.' },
      ],
    });
    expect(info.system).toBe('Be brief.\nNo spoilers.');
    expect(info.messageCount).toBe(2);
    expect(info.chars).toEqual({ system: 'Be brief.\nNo spoilers.'.length, history: 2, user: 'Recommend one.'.length });
    expect(info.messages?.map((m) => m.role)).toEqual(['system', 'user', 'developer', 'user']);
  });

  it('captures assistant tool calls and tool results', () => {
    const info = parseInvokeRequest('qwen', {
      messages: [
        { role: 'user', content: 'Stock of Vagabond 3?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'stock', arguments: '{"q":"Vagabond 3"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '{"inStock":true}' },
      ],
    });
    expect(info.messages).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Stock of Vagabond 3?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'stock', arguments: '{"q":"Vagabond 3"}' }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: '{"inStock":true}' }] },
    ]);
  });

  it('reads reasoning and tool calls of a response', () => {
    const res = parseInvokeResponse('openai', {
      id: 'r1',
      choices: [{ index: 0, message: { role: 'assistant', reasoning_content: 'check stock', content: null, tool_calls: [{ id: 'c2', function: { name: 'stock', arguments: '{}' } }] }, finish_reason: 'tool_calls' }],
      usage: { prompt_tokens: 9, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 3 } },
    });
    expect(res).toMatchObject({
      finishReasons: ['tool_call'],
      usage: { inputTokens: 9, outputTokens: 4, cacheReadInputTokens: 3 },
      outputMessages: [{ role: 'assistant', parts: [{ type: 'reasoning', content: 'check stock' }, { type: 'tool_call', id: 'c2', name: 'stock', arguments: '{}' }], finish_reason: 'tool_call' }],
    });
  });

  it('aggregates streamed tool-call deltas', () => {
    const agg = createInvokeStreamAggregator('ai21.jamba');
    expect(agg.addChunk(bytes({ choices: [{ delta: { tool_calls: [{ index: 0, id: 'c3', function: { name: 'stock', arguments: '' } }] } }] }))).toBe(true);
    expect(agg.addChunk(bytes({ choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '{"q":1}' } }] } }] }))).toBe(true);
    agg.addChunk(bytes({ choices: [{ delta: {}, finish_reason: 'tool_calls' }] }));
    expect(agg.result().outputMessages).toEqual([{ role: 'assistant', parts: [{ type: 'tool_call', id: 'c3', name: 'stock', arguments: '{"q":1}' }], finish_reason: 'tool_call' }]);
  });
});

describe('Nova content blocks', () => {
  it('describes images by format, keeps tool use, skips cache points', () => {
    const info = parseInvokeRequest('amazon.nova', {
      messages: [
        { role: 'user', content: [{ image: { format: 'png', source: { bytes: 'AAAA' } } }, { text: 'What is this cover?' }, { cachePoint: { type: 'default' } }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 't', name: 'lookup', input: { isbn: '1' } } }] },
      ],
    });
    expect(info.messages).toEqual([
      { role: 'user', parts: [{ type: 'blob', modality: 'image', mime_type: 'image/png' }, { type: 'text', content: 'What is this cover?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 't', name: 'lookup', arguments: { isbn: '1' } }] },
    ]);
    // The last message is the assistant's, so nothing counts as the user section.
    expect(info.chars).toEqual({ system: 0, history: 'What is this cover?'.length, user: 0 });
  });
});

describe('legacy stream shapes', () => {
  it('Cohere Command {text, is_finished}', () => {
    const agg = createInvokeStreamAggregator('cohere.command');
    expect(agg.addChunk(bytes({ text: 'Hunter', is_finished: false }))).toBe(true);
    expect(agg.addChunk(bytes({ is_finished: true, finish_reason: 'MAX_TOKENS' }))).toBe(false);
    expect(agg.result()).toMatchObject({ finishReasons: ['length'], outputMessages: [{ parts: [{ content: 'Hunter' }] }] });
  });

  it('Anthropic Text Completions {completion, stop_reason}', () => {
    const agg = createInvokeStreamAggregator('anthropic.claude');
    expect(agg.addChunk(bytes({ completion: ' Hunter', stop_reason: null }))).toBe(true);
    expect(agg.addChunk(bytes({ completion: '', stop_reason: 'stop_sequence' }))).toBe(false);
    expect(agg.result()).toMatchObject({ finishReasons: ['stop'], rawStopReasons: ['stop_sequence'] });
  });

  it('Mistral chat {choices:[{message, stop_reason}]}', () => {
    const agg = createInvokeStreamAggregator('mistral');
    expect(agg.addChunk(bytes({ choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, stop_reason: null }] }))).toBe(true);
    agg.addChunk(bytes({ choices: [{ index: 0, message: { role: 'assistant', content: '' }, stop_reason: 'length' }] }));
    expect(agg.result()).toMatchObject({ finishReasons: ['length'], outputMessages: [{ parts: [{ content: 'Hi' }] }] });
  });
});

describe('family unknown (imported models, marketplace endpoints)', () => {
  it('reads an Anthropic-style body without anthropic_version, system included', () => {
    const info = parseInvokeRequest('unknown', { system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5 });
    expect(info).toMatchObject({ system: 'Be brief.', maxTokens: 5, kind: 'chat', chars: { system: 9, history: 0, user: 2 } });
  });

  it('returns an empty but parsed result for a shape it does not know', () => {
    expect(parseInvokeResponse('unknown', { foo: 1 })).toEqual({ finishReasons: [], rawStopReasons: [], usage: {}, parsed: true });
    const agg = createInvokeStreamAggregator('unknown');
    expect(agg.addChunk(bytes({ foo: 1 }))).toBe(false);
  });

  it('treats a family string it does not know as unknown', () => {
    expect(parseInvokeRequest('not-a-family' as never, { prompt: 'x' })).toMatchObject({ kind: 'text_completion', messageCount: 1 });
    expect(parseInvokeRequest('constructor' as never, { prompt: 'x' })).toMatchObject({ kind: 'text_completion' });
  });
});

describe('prompt routers', () => {
  const invoked = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0';

  it('Converse names the model the router picked as the response model', () => {
    const res = parseConverseResponse({ output: { message: { role: 'assistant', content: [{ text: 'hi' }] } }, stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 }, trace: { promptRouter: { invokedModelId: invoked } } });
    expect(res.model).toBe(invoked);
    expect(resolveModel(res.model!).info?.id).toBe('anthropic.claude-3-5-haiku-20241022-v1:0');
  });

  it('ConverseStream reads it from the metadata event', () => {
    const agg = createConverseStreamAggregator();
    agg.addEvent({ metadata: { usage: { inputTokens: 1, outputTokens: 1 }, metrics: { latencyMs: 5 }, trace: { promptRouter: { invokedModelId: invoked } } } });
    expect(agg.result().model).toBe(invoked);
  });
});

describe('Cohere Command R tool calls', () => {
  it('reads tool_calls of a response', () => {
    const res = parseInvokeResponse('cohere.command', { response_id: 'r', text: '', finish_reason: 'COMPLETE', tool_calls: [{ name: 'stock', parameters: { q: 'Vagabond' } }] });
    expect(res.outputMessages).toEqual([{ role: 'assistant', parts: [{ type: 'tool_call', name: 'stock', arguments: { q: 'Vagabond' } }], finish_reason: 'stop' }]);
  });

  it('reads a tool-calls-generation stream event', () => {
    const agg = createInvokeStreamAggregator('cohere.command');
    expect(agg.addChunk(bytes({ is_finished: false, event_type: 'tool-calls-generation', tool_calls: [{ name: 'stock', parameters: { q: 'Vagabond' } }] }))).toBe(true);
    agg.addChunk(bytes({ is_finished: true, event_type: 'stream-end', finish_reason: 'COMPLETE' }));
    expect(agg.result().outputMessages?.[0]?.parts).toEqual([{ type: 'tool_call', id: undefined, name: 'stock', arguments: '{"q":"Vagabond"}' }]);
  });
});
