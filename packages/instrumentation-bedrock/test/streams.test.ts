import { SpanStatusCode } from '@opentelemetry/api';
import * as sc from '@kensa/semconv';
import type { StreamEvent } from '@kensa/test-servers';
import { describe, expect, it } from 'vitest';
import { converse, families, totalInput } from './fixtures';
import { collectPoints, decoder, instrumentation, onlySpan, runtimeClient, runtimeSdk, server, spans } from './setup';

const { InvokeModelWithResponseStreamCommand, ConverseStreamCommand } = runtimeSdk;
const streamCases = families.flatMap((f) => (f.stream ?? []).map((c) => ({ label: `${f.file}: ${c.name}`, modelId: c.modelId ?? f.modelId, c })));
const messages = [{ role: 'user' as const, content: [{ text: 'Recommend a manga' }] }];

function toServerEvents(events: Array<Record<string, unknown>>): StreamEvent[] {
  return events.map((e) => {
    const [name, payload] = Object.entries(e)[0]!;
    return name.endsWith('Exception') ? { exception: name as 'throttlingException', message: String((payload as { message?: string }).message ?? 'mid-stream') } : { event: name, payload };
  });
}

async function drain<T>(iterable: AsyncIterable<T> | undefined): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of iterable ?? []) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

describe('InvokeModelWithResponseStream', () => {
  it.each(streamCases)('$label: every chunk reaches the app unchanged; usage and first-chunk time recorded', async ({ modelId, c }) => {
    server.enqueue({ kind: 'stream', events: c.chunks.map((chunk) => ({ chunk })) });
    const client = runtimeClient();
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId, body: JSON.stringify(c.request ?? { prompt: 'hi' }) }));
    const { items, error } = await drain(out.body);
    expect(error).toBeUndefined();
    expect(items.map((e) => JSON.parse(decoder.decode(e.chunk?.bytes)) as unknown)).toEqual(c.chunks);
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_STREAM_END]).toBe('completed');
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_RESPONSE_CHUNK_COUNT]).toBe(c.chunks.length);
    const usage = c.expected?.usage;
    if (totalInput(usage) !== undefined) expect(span.attributes[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(totalInput(usage));
    if (usage?.outputTokens !== undefined) expect(span.attributes[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(usage.outputTokens);
    if (c.expected?.finishReasons?.length) expect(span.attributes[sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(c.expected.finishReasons);
    const hasContent = (c.contentChunks ?? []).some(Boolean);
    const ttft = span.attributes[sc.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] as number | undefined;
    if (hasContent) {
      expect(ttft).toBeGreaterThan(0);
      const durationS = span.duration[0] + span.duration[1] / 1e9;
      expect(ttft!).toBeLessThanOrEqual(durationS);
    }
    const collected = await collectPoints();
    expect(collected.get(sc.METRIC_GEN_AI_CLIENT_OPERATION_DURATION)).toHaveLength(1);
    if (hasContent) expect(collected.get(sc.METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK)).toHaveLength(1);
    if (usage?.outputTokens !== undefined) {
      const output = collected.get(sc.METRIC_GEN_AI_CLIENT_TOKEN_USAGE)?.find((p) => p.attributes[sc.ATTR_GEN_AI_TOKEN_TYPE] === 'output');
      expect((output?.value as { sum: number }).sum).toBe(usage.outputTokens);
    }
    client.destroy();
  });

  it.each(['modelStreamErrorException', 'throttlingException', 'internalServerException'] as const)(
    'an %s mid-stream reaches the app as the SDK raises it and ends the span as an error',
    async (exception) => {
      server.enqueue({ kind: 'stream', events: [{ chunk: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } } }, { exception, message: 'boom' }] });
      const client = runtimeClient();
      const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: '{"messages":[]}' }));
      const { items, error } = await drain(out.body);
      expect(items).toHaveLength(1);
      const err = error as Error;
      expect(err.message).toBe('boom');
      const span = onlySpan();
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes[sc.ATTR_ERROR_TYPE]).toBe(err.name);
      expect(span.attributes[sc.ATTR_KENSA_GEN_AI_STREAM_END]).toBe('error');
      expect(span.attributes[sc.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
      const duration = (await collectPoints()).get(sc.METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
      expect(duration?.[0]?.attributes[sc.ATTR_ERROR_TYPE]).toBe(err.name);
      client.destroy();
    },
  );

  it('a truncated stream fails for the app and ends the span', async () => {
    server.enqueue({ kind: 'stream', events: [{ chunk: { outputText: 'a' } }, { chunk: { outputText: 'b' } }], truncateAfter: 1 });
    const client = runtimeClient();
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'amazon.titan-text-express-v1', body: '{"inputText":"hi"}' }));
    const { items, error } = await drain(out.body);
    expect(items).toHaveLength(1);
    expect(error).toBeInstanceOf(Error);
    expect(onlySpan().attributes[sc.ATTR_KENSA_GEN_AI_STREAM_END]).toBe('error');
    client.destroy();
  });

  it('marks a stream that ends without a stop reason (connection reset over HTTP/2) as incomplete', async () => {
    server.enqueue({ kind: 'stream', events: [{ chunk: { type: 'message_start', message: { id: 'm', usage: { input_tokens: 3 } } } }, { chunk: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } } }, { chunk: { type: 'message_stop' } }], resetAfter: 2 });
    const client = runtimeClient();
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: '{"messages":[]}' }));
    const { error } = await drain(out.body);
    const span = onlySpan();
    // The SDK may raise the reset or end the iteration quietly; either way the span says so.
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_STREAM_END]).toBe(error ? 'error' : 'incomplete');
    client.destroy();
  });

  it('ends the span when the consumer breaks out early, without marking an error', async () => {
    const client = runtimeClient();
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: '{"messages":[]}' }));
    let seen = 0;
    for await (const _ of out.body ?? []) {
      if (++seen === 3) break;
    }
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_STREAM_END]).toBe('cancelled');
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_RESPONSE_CHUNK_COUNT]).toBe(3);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    client.destroy();
  });

  it('ends the span when the app aborts mid-stream', async () => {
    server.enqueue({ kind: 'default', chunkDelayMs: 30 });
    const client = runtimeClient();
    const controller = new AbortController();
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: '{"messages":[]}' }), { abortSignal: controller.signal });
    const iterator = out.body![Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_STREAM_END]).toBe('cancelled');
    expect(span.attributes[sc.ATTR_ERROR_TYPE]).toBe('AbortError');
    await iterator.return?.();
    client.destroy();
  });

  it('ends the span of a stream nobody reads after the idle timeout', async () => {
    instrumentation.setConfig({ streamIdleTimeoutMs: 50 });
    const client = runtimeClient();
    await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: '{"messages":[]}' }));
    expect(spans()).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onlySpan().attributes[sc.ATTR_KENSA_GEN_AI_STREAM_END]).toBe('idle_timeout');
    client.destroy();
  });

  it('ends the span of a stream the app stops reading halfway after the idle timeout', async () => {
    instrumentation.setConfig({ streamIdleTimeoutMs: 50 });
    const client = runtimeClient();
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: '{"messages":[]}' }));
    const iterator = out.body![Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_STREAM_END]).toBe('idle_timeout');
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_RESPONSE_CHUNK_COUNT]).toBe(2);
    // The app can still read the rest: the instrumentation gave up observing, not the stream.
    const rest = await drain({ [Symbol.asyncIterator]: () => iterator });
    expect(rest.error).toBeUndefined();
    expect(rest.items.length).toBeGreaterThan(5);
    client.destroy();
  });
});

describe('ConverseStream', () => {
  it.each(converse.converseStream)('$name', async ({ events, expected }) => {
    server.enqueue({ kind: 'stream', events: toServerEvents(events) });
    const client = runtimeClient();
    const out = await client.send(new ConverseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages }));
    const { items, error } = await drain(out.stream);
    const dataEvents = events.filter((e) => !Object.keys(e)[0]!.endsWith('Exception'));
    expect(items).toHaveLength(dataEvents.length);
    expect(items.map((e) => Object.keys(e).filter((k) => e[k as keyof typeof e] !== undefined))).toEqual(dataEvents.map((e) => Object.keys(e)));
    const span = onlySpan();
    const exp = expected as { usage?: Record<string, number>; finishReasons?: string[]; errorType?: string };
    if (exp.errorType) {
      expect(error).toBeInstanceOf(Error);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes[sc.ATTR_ERROR_TYPE]).toBe((error as Error).name);
    } else {
      expect(error).toBeUndefined();
      expect(span.attributes[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(exp.usage?.outputTokens);
      expect(span.attributes[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(totalInput(exp.usage));
      expect(span.attributes[sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(exp.finishReasons);
      expect(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD]).toBeGreaterThan(0);
    }
    expect(span.attributes[sc.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
    client.destroy();
  });

  it('records no time to first chunk for a stream without content', async () => {
    server.enqueue({ kind: 'stream', events: [{ event: 'messageStart', payload: { role: 'assistant' } }, { event: 'messageStop', payload: { stopReason: 'end_turn' } }] });
    const client = runtimeClient();
    const out = await client.send(new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages }));
    await drain(out.stream);
    expect(onlySpan().attributes[sc.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeUndefined();
    expect((await collectPoints()).get(sc.METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK) ?? []).toEqual([]);
    client.destroy();
  });
});
