import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SamplingDecision, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import * as sc from '@kensa/semconv';
import { describe, expect, it } from 'vitest';
import { families, converse, totalInput } from './fixtures';
import { collectPoints, decoder, httpHandlerModule, instrumentation, logs, onlySpan, points, runtimeClient, runtimeSdk, server, spanExporter, spans, tracerProvider } from './setup';

const { InvokeModelCommand, ConverseCommand } = runtimeSdk;
const invokeCases = families.flatMap((f) => f.invoke.map((c) => ({ label: `${f.file}: ${c.name}`, modelId: c.modelId ?? f.modelId, c })));

describe('InvokeModel', () => {
  it.each(invokeCases)('$label → one span with usage, finish reasons and cost', async ({ modelId, c }) => {
    server.enqueue({ kind: 'json', body: c.response, ...(c.headers ? { headers: c.headers } : {}) });
    const client = runtimeClient();
    const out = await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(c.request) }));
    expect(JSON.parse(decoder.decode(out.body))).toEqual(c.response);
    const span = onlySpan();
    expect(span.kind).toBe(SpanKind.CLIENT);
    const op = span.attributes[sc.ATTR_GEN_AI_OPERATION_NAME];
    expect(['chat', 'text_completion', 'embeddings']).toContain(op);
    expect(span.name).toBe(`${String(op)} ${modelId}`);
    expect(span.attributes[sc.ATTR_GEN_AI_PROVIDER_NAME]).toBe('aws.bedrock');
    expect(span.attributes[sc.ATTR_GEN_AI_REQUEST_STREAM]).toBe(false);
    const expected = c.expected?.response;
    const input = totalInput(expected?.usage);
    if (input !== undefined) expect(span.attributes[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(input);
    if (expected?.usage?.outputTokens !== undefined) expect(span.attributes[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(expected.usage.outputTokens);
    if (expected?.usage?.cacheReadInputTokens) expect(span.attributes[sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(expected.usage.cacheReadInputTokens);
    if (expected?.finishReasons?.length) expect(span.attributes[sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(expected.finishReasons);
    if (expected?.id) expect(span.attributes[sc.ATTR_GEN_AI_RESPONSE_ID]).toBe(expected.id);
    // Every fixture model is in the catalogue: a price, never the unknown flag.
    if (input !== undefined) {
      expect(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD]).toBeGreaterThan(0);
      expect(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_UNKNOWN_MODEL]).toBeUndefined();
    }
    expect(span.attributes[sc.ATTR_AWS_REQUEST_ID]).toBe(out.$metadata.requestId);
    expect(span.attributes[sc.ATTR_KENSA_AWS_ATTEMPTS]).toBe(1);
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_MODEL_CONTEXT_WINDOW]).toBeGreaterThan(0);
    client.destroy();
  });

  it('takes token counts from the x-amzn-bedrock headers when the body has none (Mistral)', async () => {
    server.enqueue({ kind: 'json', body: { outputs: [{ text: 'Try Frieren.', stop_reason: 'stop' }] }, usage: { inputTokens: 21, outputTokens: 5 } });
    const client = runtimeClient();
    await client.send(new InvokeModelCommand({ modelId: 'mistral.mistral-7b-instruct-v0:2', body: JSON.stringify({ prompt: '<s>[INST] hi [/INST]', max_tokens: 64 }) }));
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(21);
    expect(span.attributes[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(5);
    expect(span.attributes[sc.ATTR_GEN_AI_REQUEST_MAX_TOKENS]).toBe(64);
    client.destroy();
  });

  it('prices cross-region inference profiles as their base model', async () => {
    const client = runtimeClient();
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    await client.send(new InvokeModelCommand({ modelId: 'us.anthropic.claude-3-haiku-20240307-v1:0', body }));
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_MODEL_BASE_ID]).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_INFERENCE_PROFILE]).toBe('cross_region');
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_INFERENCE_PROFILE_PREFIX]).toBe('us');
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD]).toBeGreaterThan(0);
    client.destroy();
  });

  it('marks unknown models and records no cost at all', async () => {
    const client = runtimeClient();
    await client.send(new InvokeModelCommand({ modelId: 'acme.mystery-model-v1:0', body: '{"prompt":"hi"}' }));
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_UNKNOWN_MODEL]).toBe(true);
    for (const key of Object.keys(span.attributes)) expect(key.startsWith('kensa.gen_ai.cost.') && !key.endsWith('unknown_model')).toBe(false);
    // The cost counter is asynchronous: series of earlier tests report a delta of 0; none has this
    // model, and nothing was added anywhere.
    const cost = await points(sc.METRIC_KENSA_GEN_AI_CLIENT_COST);
    expect(cost.filter((p) => p.attributes[sc.ATTR_GEN_AI_REQUEST_MODEL] === 'acme.mystery-model-v1:0')).toEqual([]);
    expect(cost.filter((p) => p.value !== 0)).toEqual([]);
    client.destroy();
  });
});

describe('catalogue overrides', () => {
  it('prices a model the catalogue does not know, and maps an opaque ARN to its base model', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/manga-prod';
    instrumentation.setConfig({
      streamIdleTimeoutMs: 200,
      catalogOverrides: {
        models: { 'acme.manga-writer-v1:0': { family: 'anthropic.claude', name: 'Manga Writer', contextWindow: 32000, price: { input: 1, output: 2 } } },
        arnMappings: { [arn]: 'anthropic.claude-3-haiku-20240307-v1:0' },
      },
    });
    const client = runtimeClient();
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    server.enqueue({ kind: 'json', body: { content: [], stop_reason: 'end_turn', usage: { input_tokens: 1000, output_tokens: 500 } } });
    await client.send(new InvokeModelCommand({ modelId: 'acme.manga-writer-v1:0', body }));
    let span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD]).toBeCloseTo(0.002, 12);
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_MODEL_CONTEXT_WINDOW]).toBe(32000);

    spanExporter.reset();
    await client.send(new InvokeModelCommand({ modelId: arn, body }));
    span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_MODEL_BASE_ID]).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD]).toBeGreaterThan(0);
    client.destroy();
  });
});

describe('Converse', () => {
  it.each(converse.converse)('$name', async ({ input, output }) => {
    server.enqueue({ kind: 'json', body: output });
    const client = runtimeClient();
    const out = await client.send(new ConverseCommand(input as never));
    expect(out.stopReason).toBe(output['stopReason']);
    const span = onlySpan();
    expect(span.name).toBe(`chat ${String(input['modelId'])}`);
    const usage = output['usage'] as Record<string, number>;
    expect(span.attributes[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(totalInput(usage));
    expect(span.attributes[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(usage['outputTokens']);
    if (usage['cacheReadInputTokens']) expect(span.attributes[sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(usage['cacheReadInputTokens']);
    if (usage['cacheWriteInputTokens']) expect(span.attributes[sc.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]).toBe(usage['cacheWriteInputTokens']);
    expect(span.attributes[sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toBeDefined();
    client.destroy();
  });

  it('gives samplers the operation, the provider and the model at span creation, and sets the rest after', async () => {
    const seen: Attributes[] = [];
    const exporter = new InMemorySpanExporter();
    const sampling = new NodeTracerProvider({
      sampler: {
        shouldSample: (_context, _traceId, _name, _kind, attributes) => {
          seen.push({ ...attributes });
          return { decision: SamplingDecision.RECORD_AND_SAMPLED };
        },
        toString: () => 'RecordingSampler',
      },
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    instrumentation.setTracerProvider(sampling);
    const client = runtimeClient();
    try {
      await client.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 300 } }));
    } finally {
      instrumentation.setTracerProvider(tracerProvider);
      client.destroy();
    }
    expect(seen).toEqual([{ [sc.ATTR_GEN_AI_OPERATION_NAME]: 'chat', [sc.ATTR_GEN_AI_PROVIDER_NAME]: 'aws.bedrock', [sc.ATTR_GEN_AI_REQUEST_MODEL]: 'amazon.nova-lite-v1:0' }]);
    const [span] = exporter.getFinishedSpans();
    expect(span!.attributes).toMatchObject({ [sc.ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 300, [sc.ATTR_RPC_METHOD]: 'Converse', [sc.ATTR_GEN_AI_REQUEST_STREAM]: false });
    await sampling.shutdown();
  });

  it('records metrics and one log record in the span context', async () => {
    const client = runtimeClient();
    await client.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'Recommend a manga' }] }], inferenceConfig: { maxTokens: 300, temperature: 0.2 } }));
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_GEN_AI_REQUEST_MAX_TOKENS]).toBe(300);
    expect(span.attributes[sc.ATTR_GEN_AI_REQUEST_TEMPERATURE]).toBe(0.2);

    const collected = await collectPoints();
    const duration = collected.get(sc.METRIC_GEN_AI_CLIENT_OPERATION_DURATION) ?? [];
    expect(duration).toHaveLength(1);
    expect(duration[0]!.attributes).toMatchObject({
      [sc.ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [sc.ATTR_GEN_AI_PROVIDER_NAME]: 'aws.bedrock',
      [sc.ATTR_GEN_AI_REQUEST_MODEL]: 'amazon.nova-lite-v1:0',
      [sc.ATTR_SERVER_ADDRESS]: '127.0.0.1',
      [sc.ATTR_SERVER_PORT]: server.port,
    });
    const tokens = collected.get(sc.METRIC_GEN_AI_CLIENT_TOKEN_USAGE) ?? [];
    expect(tokens.map((p) => p.attributes[sc.ATTR_GEN_AI_TOKEN_TYPE]).sort()).toEqual(['input', 'output']);
    // Asynchronous: every series seen so far is reported, those of earlier tests with a delta of 0.
    const cost = (collected.get(sc.METRIC_KENSA_GEN_AI_CLIENT_COST) ?? []).filter((p) => p.value !== 0);
    expect(cost).toHaveLength(1);
    // By operation and requested model only: the dimensions cost is queried by.
    expect(cost[0]!.attributes).toEqual({
      [sc.ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [sc.ATTR_GEN_AI_PROVIDER_NAME]: 'aws.bedrock',
      [sc.ATTR_GEN_AI_REQUEST_MODEL]: 'amazon.nova-lite-v1:0',
    });
    expect(cost[0]!.value).toBeCloseTo(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD] as number, 12);

    const records = logs();
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.eventName).toBe(sc.EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS);
    expect(record.spanContext?.spanId).toBe(span.spanContext().spanId);
    expect(record.spanContext?.traceId).toBe(span.spanContext().traceId);
    expect(record.attributes).toMatchObject({
      [sc.ATTR_GEN_AI_REQUEST_MODEL]: 'amazon.nova-lite-v1:0',
      [sc.ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [sc.ATTR_KENSA_GEN_AI_STATUS]: 'ok',
      [sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 28,
    });
    expect(record.attributes[sc.ATTR_KENSA_GEN_AI_DURATION_MS]).toBeGreaterThan(0);
    expect(record.body).toBeUndefined();
    client.destroy();
  });

  it('puts cache tokens and the cache saving on the span and the log record', async () => {
    server.enqueue({
      kind: 'json',
      body: {
        output: { message: { role: 'assistant', content: [{ text: 'One Piece, volume 1.' }] } },
        stopReason: 'end_turn',
        usage: { inputTokens: 20, outputTokens: 8, totalTokens: 5028, cacheReadInputTokens: 4000, cacheWriteInputTokens: 1000 },
        metrics: { latencyMs: 310 },
      },
    });
    const client = runtimeClient();
    await client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    const span = onlySpan();
    // $3 input, $0.30 cache read, $3.75 cache write per 1M: 4000 × 2.70 − 1000 × 0.75 = 10050 → $0.01005.
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_CACHE_SAVINGS_USD]).toBeCloseTo(0.01005, 12);
    expect(logs()[0]!.attributes).toMatchObject({
      [sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 4000,
      [sc.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: 1000,
      [sc.ATTR_KENSA_GEN_AI_COST_CACHE_SAVINGS_USD]: span.attributes[sc.ATTR_KENSA_GEN_AI_COST_CACHE_SAVINGS_USD],
    });
    client.destroy();
  });

  it('puts no cache saving on a call that did not use the cache', async () => {
    const client = runtimeClient();
    await client.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    expect(onlySpan().attributes[sc.ATTR_KENSA_GEN_AI_COST_CACHE_SAVINGS_USD]).toBeUndefined();
    client.destroy();
  });
});

describe('failures', () => {
  const errors = [
    ['ThrottlingException', 429],
    ['ValidationException', 400],
    ['ModelTimeoutException', 408],
    ['AccessDeniedException', 403],
    ['ServiceUnavailableException', 503],
    ['ModelErrorException', 424],
    ['ModelNotReadyException', 429],
    ['ResourceNotFoundException', 404],
    ['InternalServerException', 500],
  ] as const;

  it.each(errors)('%s → ERROR span, exception event, error.type, duration metric with error.type', async (name) => {
    server.enqueue({ kind: 'error', errorType: name, message: `${name} from the test` });
    const client = runtimeClient();
    const err = (await client
      .send(new ConverseCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }))
      .catch((e: unknown) => e)) as Error;
    expect(err.name).toBe(name);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes[sc.ATTR_ERROR_TYPE]).toBe(name);
    expect(span.attributes[sc.ATTR_AWS_REQUEST_ID]).toBeDefined();
    expect(span.events.find((e) => e.name === 'exception')?.attributes?.['exception.message']).toBe(`${name} from the test`);
    const duration = await points(sc.METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    expect(duration[0]?.attributes[sc.ATTR_ERROR_TYPE]).toBe(name);
    expect(logs()[0]?.attributes[sc.ATTR_KENSA_GEN_AI_STATUS]).toBe('error');
    client.destroy();
  });

  it('records the SDK attempt count across retries', async () => {
    server.failFirst(2, 'ThrottlingException');
    const client = runtimeClient({ maxAttempts: 3 });
    const out = await client.send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    expect(out.$metadata.attempts).toBe(3);
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_AWS_ATTEMPTS]).toBe(3);
    expect(span.attributes[sc.ATTR_KENSA_AWS_TOTAL_RETRY_DELAY_MS]).toBeGreaterThan(0);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    client.destroy();
  });

  it('classifies connection loss and aborts', async () => {
    const client = runtimeClient();
    server.enqueue({ kind: 'reset' });
    const reset = (await client.send(new InvokeModelCommand({ modelId: 'amazon.titan-text-express-v1', body: '{}' })).catch((e: unknown) => e)) as Error;
    expect(onlySpan().attributes[sc.ATTR_ERROR_TYPE]).toBe(reset.name === 'Error' ? (reset as { code?: string }).code : reset.name);

    server.reset();
    spanExporter.reset();
    server.enqueue({ kind: 'default', latencyMs: 2000 });
    const controller = new AbortController();
    const pending = client.send(new InvokeModelCommand({ modelId: 'amazon.titan-text-express-v1', body: '{}' }), { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const aborted = (await pending.catch((e: unknown) => e)) as Error;
    expect(aborted.name).toBe('AbortError');
    expect(onlySpan().attributes[sc.ATTR_ERROR_TYPE]).toBe('AbortError');
    client.destroy();
  });
});

describe('the transport, seen from the request handler', () => {
  const { NodeHttpHandler } = httpHandlerModule;
  const mistral = () =>
    new InvokeModelCommand({ modelId: 'mistral.mistral-7b-instruct-v0:2', body: JSON.stringify({ prompt: '<s>[INST] hi [/INST]', max_tokens: 64 }) });
  const mistralReply = { kind: 'json', body: { outputs: [{ text: 'Try Frieren.', stop_reason: 'stop' }] } } as const;

  it('serves two clients sharing one handler, each call with its own headers and endpoint, and wraps it once', async () => {
    const handler = new NodeHttpHandler();
    const first = runtimeClient({ requestHandler: handler });
    const second = runtimeClient({ requestHandler: handler });
    server.enqueue({ ...mistralReply, usage: { inputTokens: 21, outputTokens: 5 } });
    server.enqueue({ ...mistralReply, usage: { inputTokens: 34, outputTokens: 8 } });
    await first.send(mistral());
    await second.send(mistral());
    const [a, b] = spans();
    expect([a!.attributes[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS], b!.attributes[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]]).toEqual([21, 34]);
    expect([a!.attributes[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS], b!.attributes[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]]).toEqual([5, 8]);
    for (const span of [a!, b!]) {
      expect(span.attributes[sc.ATTR_SERVER_ADDRESS]).toBe('127.0.0.1');
      expect(span.attributes[sc.ATTR_SERVER_PORT]).toBe(server.port);
    }
    // The instance's own `handle` wraps the prototype's directly: no wrapper around a wrapper.
    const wrapped = (handler as unknown as { handle: Record<symbol, unknown> }).handle;
    expect(wrapped).not.toBe(NodeHttpHandler.prototype.handle);
    expect(wrapped[Symbol.for('@kensa/instrumentation-bedrock.handle')]).toBe(NodeHttpHandler.prototype.handle);
    first.destroy();
    second.destroy();
  });

  it("hands back the very promise the app's own handler returned", async () => {
    const inner = new NodeHttpHandler();
    const returned: unknown[] = [];
    const own = {
      handle(request: unknown, options?: unknown) {
        const result = inner.handle(request as never, options as never);
        returned.push(result);
        return result;
      },
    };
    const client = runtimeClient({ requestHandler: own });
    server.enqueue({ ...mistralReply, usage: { inputTokens: 21, outputTokens: 5 } });
    await client.send(mistral());
    expect(onlySpan().attributes[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(21);
    // Called outside any Bedrock call, the wrapped handle is the app's handle.
    const direct = own.handle({ protocol: 'http:', hostname: '127.0.0.1', port: server.port, method: 'GET', path: '/', headers: {} }, {});
    expect(direct).toBe(returned.at(-1));
    await (direct as Promise<{ response: { body: { resume(): void } } }>).then((r) => r.response.body.resume(), () => undefined);
    client.destroy();
  });

  it('keeps the endpoint of an attempt that got no response', async () => {
    const client = runtimeClient();
    server.enqueue({ kind: 'reset' });
    await client.send(mistral()).catch(() => undefined);
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_ERROR_TYPE]).toBeDefined();
    expect(span.attributes[sc.ATTR_SERVER_ADDRESS]).toBe('127.0.0.1');
    expect(span.attributes[sc.ATTR_SERVER_PORT]).toBe(server.port);
    client.destroy();
  });

  it('leaves a frozen handler alone: the call works and is traced, without the endpoint', async () => {
    const inner = new NodeHttpHandler();
    const frozen = Object.freeze({ handle: (request: unknown, options?: unknown) => inner.handle(request as never, options as never) });
    const client = runtimeClient({ requestHandler: frozen });
    server.enqueue({ ...mistralReply, usage: { inputTokens: 21, outputTokens: 5 } });
    const out = await client.send(mistral());
    expect(JSON.parse(decoder.decode(out.body))).toEqual(mistralReply.body);
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['stop']);
    expect(span.attributes[sc.ATTR_SERVER_ADDRESS]).toBeUndefined();
    client.destroy();
  });
});
