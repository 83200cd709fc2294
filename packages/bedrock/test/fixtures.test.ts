import { describe, expect, it } from 'vitest';
import {
  createConverseStreamAggregator,
  createInvokeStreamAggregator,
  invokeOperationName,
  parseConverseRequest,
  parseConverseResponse,
  parseInvokeRequest,
  parseInvokeResponse,
  resolveModel,
  type ModelFamily,
} from '../src/index';
import { bytes, familyFixtures, readFixture } from './helpers';

const fixtures = familyFixtures();

describe('fixtures', () => {
  it('cover every family the parsers know', () => {
    const families = new Set(fixtures.map((f) => f.family));
    for (const f of ['anthropic.claude', 'amazon.nova', 'amazon.titan-text', 'amazon.titan-embed', 'meta.llama', 'mistral', 'cohere.command', 'cohere.embed', 'ai21.jamba', 'deepseek', 'openai', 'qwen', 'writer']) {
      expect(families, f).toContain(f);
    }
  });

  it.each(fixtures.map((f) => [f.file, f] as const))('%s names a model id of its own family', (_file, f) => {
    expect(resolveModel(f.modelId).family).toBe(f.family);
    for (const c of f.invoke) if (c.modelId) expect(resolveModel(c.modelId).family).toBe(f.family);
  });
});

// The detecting parser (family `unknown`: imported models, marketplace endpoints) must read every documented
// shape the same way the family's own parser does.
const modes: Array<[string, (f: ModelFamily) => ModelFamily]> = [
  ['own family', (f) => f],
  ['family unknown', () => 'unknown'],
];

for (const [mode, familyOf] of modes) {
  describe(`InvokeModel bodies (${mode})`, () => {
    const cases = fixtures.flatMap((f) => f.invoke.map((c) => [`${f.file}: ${c.name}`, f.family, c] as const));
    it.each(cases)('%s', (_name, family, c) => {
      const req = parseInvokeRequest(familyOf(family), JSON.stringify(c.request));
      expect(req).toMatchObject(c.expected.request);
      const res = parseInvokeResponse(familyOf(family), bytes(c.response), c.headers);
      expect(res).toMatchObject(c.expected.response);
    });
  });

  describe(`InvokeModelWithResponseStream chunks (${mode})`, () => {
    const cases = fixtures.flatMap((f) => f.stream.map((c) => [`${f.file}: ${c.name}`, f.family, c] as const));
    it.each(cases)('%s', (_name, family, c) => {
      const agg = createInvokeStreamAggregator(familyOf(family));
      const carried = c.chunks.map((chunk) => agg.addChunk(bytes(chunk)));
      expect(carried).toEqual(c.contentChunks);
      expect(agg.result()).toMatchObject(c.expected);
    });
  });
}

describe('operation names', () => {
  it('follow the body shape where the family has two (prompt vs messages)', () => {
    const anthropic = readFixture<{ invoke: Array<{ request: unknown }> }>('anthropic.json');
    expect(invokeOperationName('anthropic.claude', parseInvokeRequest('anthropic.claude', JSON.stringify(anthropic.invoke[0]!.request)))).toBe('chat');
    expect(invokeOperationName('anthropic.claude', parseInvokeRequest('anthropic.claude', JSON.stringify(anthropic.invoke[2]!.request)))).toBe('text_completion');
    expect(invokeOperationName('mistral', parseInvokeRequest('mistral', '{"prompt":"[INST] hi [/INST]"}'))).toBe('text_completion');
    expect(invokeOperationName('mistral', parseInvokeRequest('mistral', '{"messages":[{"role":"user","content":"hi"}]}'))).toBe('chat');
  });

  it('fall back to the family when the body says nothing', () => {
    expect(invokeOperationName('amazon.titan-embed')).toBe('embeddings');
    expect(invokeOperationName('cohere.embed', parseInvokeRequest('cohere.embed', 'garbage'))).toBe('embeddings');
    expect(invokeOperationName('amazon.titan-text')).toBe('text_completion');
    expect(invokeOperationName('meta.llama', { parsed: false })).toBe('text_completion');
    expect(invokeOperationName('anthropic.claude')).toBe('chat');
    expect(invokeOperationName('unknown')).toBe('chat');
  });
});

interface ConverseFixture {
  converse: Array<{ name: string; input: unknown; output: unknown; expected: { request: object; response: object } }>;
  converseStream: Array<{ name: string; events: unknown[]; contentEvents: boolean[]; expected: object }>;
}
const converse = readFixture<ConverseFixture>('converse.json');

describe('Converse', () => {
  it.each(converse.converse.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(parseConverseRequest(c.input)).toMatchObject(c.expected.request);
    expect(parseConverseResponse(c.output)).toMatchObject(c.expected.response);
  });

  it('captures tool calls and tool results as GenAI parts', () => {
    const req = parseConverseRequest(converse.converse[1]!.input);
    expect(req.messages).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Find Vagabond 3' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 't-1', name: 'search_catalog', arguments: { q: 'Vagabond 3' } }] },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 't-1', response: [{ json: { inStock: true } }] }] },
    ]);
  });

  it('keeps the system prompt out of the messages and skips cache points', () => {
    const req = parseConverseRequest(converse.converse[0]!.input);
    expect(req.system).toBe('You are MangaAssist, a helpful assistant for a manga store.');
    expect(req.messages?.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });
});

describe('ConverseStream', () => {
  it.each(converse.converseStream.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const agg = createConverseStreamAggregator();
    expect(c.events.map((e) => agg.addEvent(e))).toEqual(c.contentEvents);
    expect(agg.result()).toMatchObject(c.expected);
  });
});
