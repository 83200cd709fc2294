import { beforeAll, describe, expect, it } from 'vitest';
import { ContextBudgetProcessor, contextStatus, estimateTokens, japaneseShare } from '../src/index';
import { collectPoints, harness, installGlobals } from './helpers';

beforeAll(installGlobals);

const chat = (attributes: Record<string, string | number | boolean>) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'aws.bedrock',
  'gen_ai.request.model': 'anthropic.claude-3-haiku-20240307-v1:0',
  ...attributes,
});

describe('ContextBudgetProcessor', () => {
  it('measures input tokens against the prompt budget (budget minus output reserve) and the window', async () => {
    const h = harness((mp) => [new ContextBudgetProcessor({ meterProvider: mp })]);
    h.tracer
      .startSpan('chat', {
        attributes: chat({
          'gen_ai.usage.input_tokens': 3000,
          'kensa.gen_ai.model.context_window': 200_000,
          'kensa.context.section.system_tokens': 400,
          'kensa.context.section.history_tokens': 900,
          'kensa.context.section.retrieved_tokens': 1500,
          'kensa.context.section.user_tokens': 200,
        }),
      })
      .end();
    expect(h.span('chat').attributes).toMatchObject({
      'kensa.context.budget_tokens': 3500,
      'kensa.context.utilization': 0.8571,
      'kensa.context.window_utilization': 0.015,
      'kensa.context.status': 'warning',
      'kensa.context.largest_section': 'retrieved',
      'kensa.context.section.output_reserve_tokens': 1500,
    });
    expect(h.span('chat').attributes['kensa.context.estimated']).toBeUndefined();
    const points = await collectPoints(h, 'kensa.context.utilization');
    expect(points).toHaveLength(1);
    expect(points[0]!.attributes).toEqual({ 'gen_ai.request.model': 'anthropic.claude-3-haiku-20240307-v1:0' });
  });

  it.each([
    [1000, 'normal'],
    [2800, 'warning'],
    [3325, 'warning'],
    [3400, 'critical'],
    [90_000, 'critical'],
  ])('%s input tokens are %s', (tokens, status) => {
    const h = harness(() => [new ContextBudgetProcessor()]);
    h.tracer.startSpan('chat', { attributes: chat({ 'gen_ai.usage.input_tokens': tokens }) }).end();
    expect(h.span('chat').attributes['kensa.context.status']).toBe(status);
  });

  it('takes the window from contextWindowOf when the span does not carry it', () => {
    const h = harness(() => [new ContextBudgetProcessor({ contextWindowOf: (id) => (id.includes('haiku') ? 200_000 : undefined) })]);
    h.tracer.startSpan('chat', { attributes: chat({ 'gen_ai.usage.input_tokens': 50_000 }) }).end();
    expect(h.span('chat').attributes['kensa.context.window_utilization']).toBe(0.25);
  });

  it('falls back to the @kensa/bedrock catalogue for the window, inference profiles included', () => {
    const h = harness(() => [new ContextBudgetProcessor()]);
    h.tracer
      .startSpan('chat', { attributes: chat({ 'gen_ai.request.model': 'us.anthropic.claude-3-haiku-20240307-v1:0', 'gen_ai.usage.input_tokens': 20_000 }) })
      .end();
    h.tracer.startSpan('unknown', { attributes: chat({ 'gen_ai.request.model': 'acme.unknown-model-v9', 'gen_ai.usage.input_tokens': 20_000 }) }).end();
    expect(h.span('chat').attributes['kensa.context.window_utilization']).toBe(0.1);
    expect(h.span('unknown').attributes['kensa.context.window_utilization']).toBeUndefined();
    expect(h.span('unknown').attributes['kensa.context.utilization']).toBeGreaterThan(5);
  });

  it('estimates sections from captured content (Japanese at 2 chars/token) and flags the estimate', () => {
    const h = harness(() => [new ContextBudgetProcessor({ promptBudgetTokens: 200, outputReserveTokens: 50 })]);
    const system = JSON.stringify([{ type: 'text', content: 'You are a helpful manga shop assistant. '.repeat(5) }]);
    const messages = JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: 'おすすめの漫画は？' }] },
      { role: 'assistant', parts: [{ type: 'text', content: '「ワンピース」はいかがですか。冒険の物語です。' }] },
      { role: 'user', parts: [{ type: 'text', content: '鬼滅の刃と進撃の巨人はどちらが人気ですか？新刊の発売日も教えてください。' }] },
    ]);
    h.tracer.startSpan('chat', { attributes: chat({ 'gen_ai.system_instructions': system, 'gen_ai.input.messages': messages }) }).end();
    const a = h.span('chat').attributes;
    expect(a['kensa.context.estimated']).toBe(true);
    expect(a['kensa.context.section.system_tokens']).toBe(50);
    expect(a['kensa.context.section.user_tokens']).toBe(18);
    expect(a['kensa.context.section.history_tokens']).toBe(5 + 12);
    expect(a['kensa.context.largest_section']).toBe('system');
    expect(a['kensa.context.utilization']).toBeCloseTo((50 + 18 + 17) / 150, 3);
  });

  it('leaves other operations and calls without any token information alone', () => {
    const h = harness(() => [new ContextBudgetProcessor()]);
    h.tracer.startSpan('embed', { attributes: { 'gen_ai.operation.name': 'embeddings', 'gen_ai.usage.input_tokens': 99_999 } }).end();
    h.tracer.startSpan('chat', { attributes: chat({}) }).end();
    h.tracer.startSpan('garbage', { attributes: chat({ 'gen_ai.usage.input_tokens': -5, 'gen_ai.input.messages': '{not json' }) }).end();
    for (const name of ['embed', 'chat', 'garbage']) expect(h.span(name).attributes['kensa.context.status']).toBeUndefined();
  });

  it('falls back to the defaults when the reserve leaves no room', () => {
    const h = harness(() => [new ContextBudgetProcessor({ promptBudgetTokens: 1000, outputReserveTokens: 1000 })]);
    h.tracer.startSpan('chat', { attributes: chat({ 'gen_ai.usage.input_tokens': 100 }) }).end();
    expect(h.span('chat').attributes['kensa.context.budget_tokens']).toBe(3500);
  });
});

describe('estimateTokens', () => {
  it('uses 4 chars/token for English and 2 for mostly Japanese text', () => {
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('漫画が大好きです')).toBe(4);
    expect(estimateTokens('')).toBe(0);
  });

  it('switches to the Japanese rate above 30% Japanese characters', () => {
    expect(japaneseShare('abcdefg漫画')).toBeCloseTo(2 / 9);
    expect(estimateTokens('abcdefg漫画')).toBe(3);
    expect(estimateTokens('abcde漫画漫')).toBe(4);
  });
});

describe('contextStatus', () => {
  it('is normal below 80%, warning up to 95%, critical above', () => {
    expect(contextStatus(0.79, 0.8, 0.95)).toBe('normal');
    expect(contextStatus(0.8, 0.8, 0.95)).toBe('warning');
    expect(contextStatus(0.95, 0.8, 0.95)).toBe('warning');
    expect(contextStatus(0.951, 0.8, 0.95)).toBe('critical');
  });
});
