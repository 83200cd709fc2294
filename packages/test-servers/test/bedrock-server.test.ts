import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import {
  BedrockAgentRuntimeClient,
  RetrieveAndGenerateCommand,
  RetrieveCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LatencySampler } from '../src/bedrock/latency';
import { ERROR_STATUS, startBedrockServer, type BedrockErrorName, type BedrockServer } from '../src/index';

let server: BedrockServer;
let runtime: BedrockRuntimeClient;
let agent: BedrockAgentRuntimeClient;
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

beforeAll(async () => {
  server = await startBedrockServer();
  runtime = new BedrockRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  agent = new BedrockAgentRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  runtime.destroy();
  agent.destroy();
  await server.close();
});
beforeEach(() => server.reset());

const decoder = new TextDecoder();
const claudeBody = JSON.stringify({
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Recommend a manga' }],
});

async function collect<T>(iterable: AsyncIterable<T> | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable ?? []) out.push(item);
  return out;
}

describe('InvokeModel', () => {
  it('answers with a JSON body, token-count headers and a request id', async () => {
    const out = await runtime.send(new InvokeModelCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: claudeBody }));
    const body = JSON.parse(decoder.decode(out.body)) as { content: Array<{ text: string }>; usage: { input_tokens: number } };
    expect(body.content[0]?.text).toContain('Frieren');
    expect(out.contentType).toBe('application/json');
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.performanceConfigLatency).toBe('standard');
    const req = server.requests[0]!;
    expect(req.operation).toBe('InvokeModel');
    expect(req.modelId).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(req.json).toEqual(JSON.parse(claudeBody));
    expect(req.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256/);
  });

  it('decodes inference-profile ARNs from the path', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0';
    await runtime.send(new InvokeModelCommand({ modelId: arn, body: claudeBody }));
    expect(server.requests[0]?.modelId).toBe(arn);
  });

  it('sends the x-amzn-bedrock token-count headers', async () => {
    server.enqueue({ kind: 'json', body: { outputText: 'hi' }, usage: { inputTokens: 11, outputTokens: 3 } });
    const res = await fetch(`${server.url}/model/amazon.titan-text-express-v1/invoke`, { method: 'POST', body: '{}' });
    expect(res.headers.get('x-amzn-bedrock-input-token-count')).toBe('11');
    expect(res.headers.get('x-amzn-bedrock-output-token-count')).toBe('3');
    expect(res.headers.get('x-amzn-bedrock-invocation-latency')).toBe('412');
  });

  it.each([
    ['amazon.nova-lite-v1:0', 'output'],
    ['amazon.titan-text-express-v1', 'results'],
    ['amazon.titan-embed-text-v2:0', 'embedding'],
    ['meta.llama3-1-70b-instruct-v1:0', 'generation'],
    ['mistral.mistral-7b-instruct-v0:2', 'outputs'],
    ['cohere.command-r-plus-v1:0', 'text'],
    ['cohere.embed-english-v3', 'embeddings'],
    ['ai21.jamba-1-5-mini-v1:0', 'choices'],
    ['deepseek.r1-v1:0', 'choices'],
    ['openai.gpt-oss-120b-1:0', 'choices'],
    ['eu.amazon.nova-pro-v1:0', 'output'],
  ])('answers %s in its provider shape', async (modelId, key) => {
    const out = await runtime.send(new InvokeModelCommand({ modelId, body: '{"prompt":"hi"}' }));
    expect(Object.keys(JSON.parse(decoder.decode(out.body)) as object)).toContain(key);
  });

  it('serves scripted non-JSON bodies as they are', async () => {
    server.enqueue({ kind: 'json', body: 'not json {' });
    const out = await runtime.send(new InvokeModelCommand({ modelId: 'anthropic.claude-v2', body: claudeBody }));
    expect(decoder.decode(out.body)).toBe('not json {');
  });
});

describe('errors', () => {
  it.each(Object.entries(ERROR_STATUS))('returns %s with status %i as the SDK error class', async (name, status) => {
    server.enqueue({ kind: 'error', errorType: name as BedrockErrorName, message: 'scripted' });
    const err = (await runtime
      .send(new InvokeModelCommand({ modelId: 'anthropic.claude-v2', body: claudeBody }))
      .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode: number }; $fault: string };
    expect(err.name).toBe(name);
    expect(err.message).toBe('scripted');
    expect(err.$metadata.httpStatusCode).toBe(status);
  });

  it('fails the first N calls, then recovers, and the SDK retries through them', async () => {
    const retrying = new BedrockRuntimeClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 3,
      retryStrategy: undefined,
    });
    server.failFirst(2, 'ThrottlingException');
    const out = await retrying.send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    expect(out.$metadata.attempts).toBe(3);
    expect(server.requestCount).toBe(3);
    retrying.destroy();
  });

  it('resets the connection when scripted', async () => {
    server.enqueue({ kind: 'reset' });
    const err = (await runtime
      .send(new InvokeModelCommand({ modelId: 'anthropic.claude-v2', body: claudeBody }))
      .catch((e: unknown) => e)) as Error & { code?: string };
    // Over HTTP/2 the SDK reports a connection lost before the response as a TimeoutError.
    expect(err).toBeInstanceOf(Error);
    expect(`${err.name} ${err.code ?? ''}`).toMatch(/TimeoutError|ECONNRESET|ERR_HTTP2/);
  });
});

describe('InvokeModelWithResponseStream', () => {
  it('streams chunk events whose bytes decode to the provider chunks', async () => {
    const out = await runtime.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: claudeBody }));
    const events = await collect(out.body);
    const chunks = events.map((e) => JSON.parse(decoder.decode(e.chunk?.bytes)) as { type: string });
    expect(chunks[0]?.type).toBe('message_start');
    expect(chunks.at(-1)).toMatchObject({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': { outputTokenCount: 28 } });
    expect(chunks.filter((c) => c.type === 'content_block_delta').length).toBeGreaterThan(3);
  });

  it.each(['modelStreamErrorException', 'throttlingException', 'internalServerException'] as const)(
    'raises a %s sent mid-stream to the consumer',
    async (exception) => {
      server.enqueue({ kind: 'stream', events: [{ chunk: { outputText: 'a' } }, { exception, message: 'boom', originalStatusCode: 500 }] });
      const out = await runtime.send(new InvokeModelWithResponseStreamCommand({ modelId: 'amazon.titan-text-express-v1', body: '{}' }));
      const seen: unknown[] = [];
      const err = (await (async () => {
        for await (const e of out.body ?? []) seen.push(e);
      })().catch((e: unknown) => e)) as Error;
      expect(seen).toHaveLength(1);
      expect(err.name.toLowerCase()).toBe(exception.toLowerCase());
      expect(err.message).toBe('boom');
    },
  );

  it('truncates a stream mid-frame', async () => {
    server.enqueue({ kind: 'stream', events: [{ chunk: { a: 1 } }, { chunk: { a: 2 } }, { chunk: { a: 3 } }], truncateAfter: 1 });
    const out = await runtime.send(new InvokeModelWithResponseStreamCommand({ modelId: 'amazon.titan-text-express-v1', body: '{}' }));
    const seen: unknown[] = [];
    const err = await (async () => {
      for await (const e of out.body ?? []) seen.push(e);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(err).toBeInstanceOf(Error);
  });

  it('resets the connection mid-stream, and the consumer gets fewer events than were scripted', async () => {
    server.enqueue({ kind: 'stream', events: [{ chunk: { a: 1 } }, { chunk: { a: 2 } }, { chunk: { a: 3 } }], resetAfter: 1 });
    const out = await runtime.send(new InvokeModelWithResponseStreamCommand({ modelId: 'amazon.titan-text-express-v1', body: '{}' }));
    const seen: unknown[] = [];
    // The SDK either raises the reset or (over HTTP/2) ends the iteration early, as it does against AWS.
    await (async () => {
      for await (const e of out.body ?? []) seen.push(e);
    })().catch(() => undefined);
    expect(seen.length).toBeLessThan(3);
  });

  it('serves HTTP/1.1 clients (the SDK with an HTTP/1.1 handler) on the same port', async () => {
    const { NodeHttpHandler } = await import('@smithy/node-http-handler');
    const http1 = new BedrockRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });
    const out = await http1.send(new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    expect((await collect(out.stream)).length).toBeGreaterThan(5);
    server.enqueue({ kind: 'stream', events: [{ chunk: { a: 1 } }, { chunk: { a: 2 } }], resetAfter: 1 });
    const streamed = await http1.send(new InvokeModelWithResponseStreamCommand({ modelId: 'amazon.titan-text-express-v1', body: '{}' }));
    await expect(collect(streamed.body)).rejects.toBeInstanceOf(Error);
    http1.destroy();
  });
});

describe('Converse', () => {
  const messages = [{ role: 'user' as const, content: [{ text: 'Recommend a manga' }] }];

  it('answers with message, stop reason, usage and metrics', async () => {
    const out = await runtime.send(new ConverseCommand({ modelId: 'us.amazon.nova-pro-v1:0', messages }));
    expect(out.output?.message?.content?.[0]?.text).toContain('Vinland');
    expect(out.stopReason).toBe('end_turn');
    expect(out.usage?.outputTokens).toBe(28);
    expect(out.metrics?.latencyMs).toBe(412);
  });

  it('streams messageStart, deltas, messageStop and metadata', async () => {
    const out = await runtime.send(new ConverseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages }));
    const events = await collect(out.stream);
    expect(events[0]?.messageStart?.role).toBe('assistant');
    const text = events.map((e) => e.contentBlockDelta?.delta?.text ?? '').join('');
    expect(text).toContain('Blue Period');
    expect(events.at(-2)?.messageStop?.stopReason).toBe('end_turn');
    expect(events.at(-1)?.metadata?.usage?.outputTokens).toBe(28);
  });

  it('rejects embedding models like Bedrock does', async () => {
    await expect(runtime.send(new ConverseCommand({ modelId: 'amazon.titan-embed-text-v2:0', messages }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('runs a scripted handler with the recorded request', async () => {
    server.script((req) =>
      req.operation === 'ConverseStream'
        ? { kind: 'stream', events: [{ event: 'messageStart', payload: { role: 'assistant' } }, { exception: 'throttlingException' }] }
        : undefined,
    );
    const out = await runtime.send(new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages }));
    await expect(collect(out.stream)).rejects.toMatchObject({ name: 'ThrottlingException' });
    await expect(runtime.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages }))).resolves.toBeDefined();
  });
});

describe('agent runtime', () => {
  it('retrieves passages with scores from a knowledge base', async () => {
    const out = await agent.send(new RetrieveCommand({ knowledgeBaseId: 'KB12345678', retrievalQuery: { text: 'fantasy manga' } }));
    expect(out.retrievalResults?.map((r) => r.score)).toEqual([0.82, 0.74, 0.61]);
    expect(server.requests[0]).toMatchObject({ operation: 'Retrieve', knowledgeBaseId: 'KB12345678' });
  });

  it('retrieves and generates with citations', async () => {
    const out = await agent.send(
      new RetrieveAndGenerateCommand({
        input: { text: 'fantasy manga' },
        retrieveAndGenerateConfiguration: {
          type: 'KNOWLEDGE_BASE',
          knowledgeBaseConfiguration: { knowledgeBaseId: 'KB12345678', modelArn: 'anthropic.claude-3-haiku-20240307-v1:0' },
        },
      }),
    );
    expect(out.output?.text).toContain('Frieren');
    expect(out.citations?.[0]?.retrievedReferences).toHaveLength(3);
    expect(server.requests[0]).toMatchObject({ operation: 'RetrieveAndGenerate', knowledgeBaseId: 'KB12345678' });
  });
});

describe('latency and bookkeeping', () => {
  it('keeps at most maxRecordedRequests', async () => {
    const small = await startBedrockServer({ maxRecordedRequests: 2 });
    const client = new BedrockRuntimeClient({ endpoint: small.url, region: 'us-east-1', credentials });
    for (let i = 0; i < 3; i++) await client.send(new InvokeModelCommand({ modelId: 'meta.llama3-8b-instruct-v1:0', body: `{"prompt":"${i}"}` }));
    expect(small.requests.map((r) => r.index)).toEqual([1, 2]);
    expect(small.requestCount).toBe(3);
    client.destroy();
    await small.close();
  });

  it('draws latencies from a range, repeatably with a seed', () => {
    const a = new LatencySampler(42);
    const b = new LatencySampler(42);
    const draws = Array.from({ length: 200 }, () => a.draw([800, 1800]));
    expect(draws.every((d) => d >= 800 && d <= 1800)).toBe(true);
    expect(new Set(draws.map((d) => Math.floor(d / 100))).size).toBeGreaterThan(5);
    expect(Array.from({ length: 200 }, () => b.draw([800, 1800]))).toEqual(draws);
    expect(a.draw(25)).toBe(25);
    expect(a.draw(undefined)).toBe(0);
    expect(a.draw(-5)).toBe(0);
  });

  it('applies a scripted latency to the default answer', async () => {
    server.enqueue({ kind: 'default', latencyMs: [5, 10] });
    const out = await runtime.send(new InvokeModelCommand({ modelId: 'meta.llama3-8b-instruct-v1:0', body: '{}' }));
    expect(Object.keys(JSON.parse(decoder.decode(out.body)) as object)).toContain('generation');
  });
});
