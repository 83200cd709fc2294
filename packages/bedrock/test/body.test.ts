import { describe, expect, it } from 'vitest';
import { parseInvokeRequest, parseInvokeResponse, type RequestInfo } from '../src/index';
import { readFixture } from './helpers';

const anthropic = readFixture<{ invoke: Array<{ request: object; response: object; expected: { request: object; response: object } }> }>('anthropic.json');
const request = anthropic.invoke[0]!.request;
const expectedRequest = anthropic.invoke[0]!.expected.request;
const response = anthropic.invoke[0]!.response;
const json = JSON.stringify(request);

/** The same JSON text in every body form the AWS SDK accepts. */
function forms(text: string): Array<[string, unknown]> {
  const utf8 = new TextEncoder().encode(text);
  // Padded with spaces (valid JSON whitespace) to a multiple of `n` bytes, for wider typed arrays.
  const padded = (n: number): ArrayBuffer => {
    const buf = new Uint8Array(Math.ceil(utf8.length / n) * n).fill(0x20);
    buf.set(utf8);
    return buf.buffer;
  };
  const big = new Uint8Array(utf8.length + 20).fill(0x20);
  big.set(utf8, 10);
  return [
    ['string', text],
    ['Uint8Array', utf8],
    ['Buffer', Buffer.from(text)],
    ['Uint8Array view into a larger buffer (non-zero byteOffset)', big.subarray(10, 10 + utf8.length)],
    ['ArrayBuffer', utf8.slice().buffer],
    ['DataView', new DataView(utf8.slice().buffer)],
    ['DataView with an offset', new DataView(big.buffer, 10, utf8.length)],
    ['Int8Array', new Int8Array(utf8.slice().buffer)],
    ['Uint16Array', new Uint16Array(padded(2))],
    ['Float64Array', new Float64Array(padded(8))],
  ];
}

describe('body forms', () => {
  it.each([...forms(json), ['parsed object (already decoded)', request] as [string, unknown]])('parses a request given as %s', (_name, body) => {
    expect(parseInvokeRequest('anthropic.claude', body)).toMatchObject(expectedRequest);
  });

  it.each(forms(JSON.stringify(response)))('parses a response given as %s', (_name, body) => {
    expect(parseInvokeResponse('anthropic.claude', body)).toMatchObject(anthropic.invoke[0]!.expected.response);
  });

  it('decodes multi-byte UTF-8 and counts characters, not bytes', () => {
    const jp = 'ワンピースのような漫画を教えて';
    const info = parseInvokeRequest('anthropic.claude', new TextEncoder().encode(JSON.stringify({ messages: [{ role: 'user', content: jp }] })));
    expect(info.chars).toEqual({ system: 0, history: 0, user: jp.length });
  });

  it('accepts a UTF-8 byte-order mark in byte bodies', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(json)]);
    expect(parseInvokeRequest('anthropic.claude', withBom).parsed).toBe(true);
  });
});

describe('bad bodies never throw and report parsed: false', () => {
  const bad: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['empty string', ''],
    ['empty bytes', new Uint8Array(0)],
    ['non-JSON text', 'Human: hello'],
    ['truncated JSON', json.slice(0, json.length - 7)],
    ['truncated bytes', new TextEncoder().encode(json).subarray(0, 40)],
    ['invalid UTF-8', new Uint8Array([0xff, 0xfe, 0x7b, 0x80, 0x7d])],
    ['JSON array', '[1,2,3]'],
    ['JSON string', '"hello"'],
    ['JSON null', 'null'],
    ['JSON number', '42'],
    ['a number', 42],
    ['a boolean', true],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['an array', [1, 2]],
  ];

  it.each(bad)('%s', (_name, body) => {
    for (const family of ['anthropic.claude', 'amazon.nova', 'meta.llama', 'cohere.command', 'unknown'] as const) {
      expect(parseInvokeRequest(family, body)).toEqual({ parsed: false });
      expect(parseInvokeResponse(family, body)).toEqual({ finishReasons: [], rawStopReasons: [], usage: {}, parsed: false });
    }
  });

  it('a detached buffer', () => {
    const buf = new ArrayBuffer(8);
    structuredClone(buf, { transfer: [buf] });
    expect(parseInvokeRequest('anthropic.claude', buf)).toEqual({ parsed: false });
  });

  it('wrong types inside a valid JSON object are skipped, the rest is read', () => {
    const info = parseInvokeRequest('anthropic.claude', JSON.stringify({
      max_tokens: 'lots',
      temperature: null,
      top_p: 0.5,
      stop_sequences: ['a', 3, null, 'b'],
      system: 42,
      messages: [null, 'x', { role: 'user', content: [{ type: 'text', text: 'hi' }, null, 7] }],
    }));
    expect(info).toMatchObject({ parsed: true, topP: 0.5, stopSequences: ['a', 'b'], messageCount: 3, chars: { system: 0, history: 0, user: 2 } });
    expect(info.maxTokens).toBeUndefined();
    expect(info.temperature).toBeUndefined();
    expect(info.system).toBeUndefined();
  });

  it('an object whose getters throw', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, has: () => { throw new Error('boom'); } });
    expect(() => parseInvokeRequest('anthropic.claude', hostile)).not.toThrow();
    expect(() => parseInvokeResponse('anthropic.claude', hostile, hostile as never)).not.toThrow();
  });

  it('deeply nested content is bounded, not recursed without end', () => {
    let content: unknown = 'x';
    for (let i = 0; i < 10_000; i++) content = [{ type: 'tool_result', content }];
    const info = parseInvokeRequest('anthropic.claude', { messages: [{ role: 'user', content }] });
    expect(info.parsed).toBe(true);
    expect(info.messageCount).toBe(1);
  });
});

describe('huge bodies', () => {
  it('parses a 10 MB request body', () => {
    const text = 'あ'.repeat(10 * 1024 * 1024 / 3);
    const body = new TextEncoder().encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: text }] }));
    expect(body.byteLength).toBeGreaterThan(10_000_000);
    const info: RequestInfo = parseInvokeRequest('anthropic.claude', body, { content: false });
    expect(info).toMatchObject({ parsed: true, maxTokens: 10, messageCount: 1, chars: { system: 0, history: 0, user: text.length } });
    expect(info.messages).toBeUndefined();
  });

  it('parses a 10 MB response body', () => {
    const text = 'a'.repeat(10 * 1024 * 1024);
    const body = Buffer.from(JSON.stringify({ generation: text, prompt_token_count: 5, generation_token_count: 2_000_000, stop_reason: 'length' }));
    expect(parseInvokeResponse('meta.llama', body)).toMatchObject({ parsed: true, usage: { inputTokens: 5, outputTokens: 2_000_000 }, finishReasons: ['length'] });
  });
});

describe('usage from response headers', () => {
  it('fills counts the body lacks, and never overrides the body', () => {
    const headers = {
      'x-amzn-bedrock-input-token-count': '11',
      'x-amzn-bedrock-output-token-count': '22',
      'x-amzn-bedrock-cache-read-input-token-count': '33',
      'x-amzn-bedrock-cache-write-input-token-count': '44',
      'x-amzn-bedrock-invocation-latency': '555',
    };
    expect(parseInvokeResponse('mistral', '{"outputs":[{"text":"hi","stop_reason":"stop"}]}', headers).usage).toEqual({
      inputTokens: 11,
      outputTokens: 22,
      cacheReadInputTokens: 33,
      cacheWriteInputTokens: 44,
    });
    const withBody = parseInvokeResponse('meta.llama', '{"generation":"hi","prompt_token_count":5,"generation_token_count":6}', headers);
    expect(withBody.usage).toMatchObject({ inputTokens: 5, outputTokens: 6 });
    expect(withBody.latencyMs).toBe(555);
  });

  it('still reports header usage when the body is unreadable', () => {
    const res = parseInvokeResponse('mistral', 'garbage', { 'x-amzn-bedrock-input-token-count': '7' });
    expect(res).toEqual({ finishReasons: [], rawStopReasons: [], usage: { inputTokens: 7 }, parsed: false });
  });

  it('ignores malformed header values', () => {
    const res = parseInvokeResponse('mistral', '{}', {
      'x-amzn-bedrock-input-token-count': 'abc',
      'x-amzn-bedrock-output-token-count': '-3',
      'x-amzn-bedrock-invocation-latency': undefined,
    });
    expect(res.usage).toEqual({});
    expect(res.latencyMs).toBeUndefined();
    expect(parseInvokeResponse('mistral', '{}', 'nonsense' as never).usage).toEqual({});
  });
});

describe('content capture is opt-out', () => {
  it('builds no messages when content is off, but keeps counts', () => {
    const info = parseInvokeRequest('anthropic.claude', json, { content: false });
    expect(info.messages).toBeUndefined();
    expect(info.chars).toEqual((expectedRequest as RequestInfo).chars);
    const res = parseInvokeResponse('anthropic.claude', JSON.stringify(response), undefined, { content: false });
    expect(res.outputMessages).toBeUndefined();
    expect(res.usage.inputTokens).toBe(42);
  });

  it('builds GenAI messages when content is on (default)', () => {
    expect(parseInvokeRequest('anthropic.claude', json).messages).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'I liked Berserk.' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Try Naruto.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Recommend a manga like One Piece.' }] },
    ]);
  });

  it('describes images without copying their bytes', () => {
    const info = parseInvokeRequest('anthropic.claude', {
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }, { type: 'text', text: 'what is this?' }] }],
    });
    expect(info.messages?.[0]?.parts).toEqual([{ type: 'blob', modality: 'image', mime_type: 'image/png' }, { type: 'text', content: 'what is this?' }]);
  });
});

describe('objects that are not JSON bodies', () => {
  it.each([
    ['Blob', new Blob(['{"prompt":"x"}'])],
    ['Map', new Map([['prompt', 'x']])],
    ['Date', new Date()],
    ['class instance', new (class Body { prompt = 'x'; })()],
  ])('%s is not read (it cannot be read synchronously or is not a body)', (_name, body) => {
    expect(parseInvokeRequest('meta.llama', body)).toEqual({ parsed: false });
  });

  it('a null-prototype object is read like a literal', () => {
    const body = Object.assign(Object.create(null) as object, { prompt: 'hi', max_gen_len: 5 });
    expect(parseInvokeRequest('meta.llama', body)).toMatchObject({ parsed: true, maxTokens: 5 });
  });
});
