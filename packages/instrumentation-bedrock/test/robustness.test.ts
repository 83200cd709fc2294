import * as sc from '@kensa/semconv';
import type { ScriptedResponse } from '@kensa/test-servers';
import { afterEach, describe, expect, it } from 'vitest';
import { contrib, decoder, instrumentation, onlySpan, runtimeClient, runtimeSdk, server, spans } from './setup';

const { InvokeModelCommand, InvokeModelWithResponseStreamCommand, ConverseCommand } = runtimeSdk;

type Outcome = { ok: true; value: unknown } | { ok: false; errorClass: string; name: string; message: string };

/** What the app observes, minus values that differ per request by nature (request ids). */
function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: decoder.decode(value) };
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'requestId' || k === 'totalRetryDelay') continue;
      out[k] = normalize(v);
    }
    return out;
  }
  return value;
}

async function observe(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: normalize(await run()) };
  } catch (err) {
    const e = err as Error;
    return { ok: false, errorClass: e?.constructor?.name, name: e?.name, message: e?.message };
  }
}

// Fixed answers: the server's defaults carry fresh ids per call, which would differ between the two runs.
const FIXED_JSON: ScriptedResponse = {
  kind: 'json',
  body: { id: 'msg_fixed', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Try Frieren.' }], stop_reason: 'end_turn', usage: { input_tokens: 12, output_tokens: 4 } },
  usage: { inputTokens: 12, outputTokens: 4 },
};
const FIXED_STREAM: ScriptedResponse = {
  kind: 'stream',
  events: [
    { chunk: { type: 'message_start', message: { id: 'msg_fixed', usage: { input_tokens: 12, output_tokens: 1 } } } },
    { chunk: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Try ' } } },
    { chunk: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Frieren.' } } },
    { chunk: { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } } },
    { chunk: { type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 12, outputTokenCount: 4, invocationLatency: 300, firstByteLatency: 100 } } },
  ],
};

/** Runs the same call instrumented (Kensa + contrib, as the distro does) and uninstrumented. */
async function compare(response: ScriptedResponse | undefined = FIXED_JSON, call: (client: ReturnType<typeof runtimeClient>) => Promise<unknown>) {
  if (response) server.enqueue(response);
  const instrumentedClient = runtimeClient();
  const instrumented = await observe(() => call(instrumentedClient));
  instrumentedClient.destroy();
  const started = spans().length;

  instrumentation.disable();
  contrib.disable();
  try {
    if (response) server.enqueue(response);
    const plainClient = runtimeClient();
    const plain = await observe(() => call(plainClient));
    plainClient.destroy();
    expect(instrumented).toEqual(plain);
  } finally {
    instrumentation.enable();
    contrib.enable();
  }
  return { instrumented, spansEnded: started };
}

async function collectStream(iterable: AsyncIterable<{ chunk?: { bytes?: Uint8Array } }> | undefined): Promise<string[]> {
  const out: string[] = [];
  for await (const e of iterable ?? []) out.push(decoder.decode(e.chunk?.bytes));
  return out;
}

afterEach(() => {
  instrumentation.setConfig({ streamIdleTimeoutMs: 200 });
});

const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
const json = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });

describe('the app sees exactly what it sees uninstrumented', () => {
  const bodies: Array<[string, () => unknown]> = [
    ['a JSON string', () => json],
    ['a Uint8Array', () => new TextEncoder().encode(json)],
    ['a Buffer', () => Buffer.from(json)],
    ['a non-JSON string', () => 'Human: hi\n\nAssistant:'],
    ['truncated JSON', () => json.slice(0, 20)],
    ['an empty string', () => ''],
    ['a JSON array', () => '[1,2,3]'],
    ['a huge body (4 MiB)', () => JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(4 * 1024 * 1024) }] })],
  ];

  it.each(bodies)('InvokeModel with %s', async (_label, body) => {
    const { instrumented } = await compare(undefined, (client) => client.send(new InvokeModelCommand({ modelId: claude, body: body() as string })));
    expect(instrumented.ok).toBe(true);
    expect(onlySpan().attributes[sc.ATTR_GEN_AI_REQUEST_MODEL]).toBe(claude);
  });

  it.each<[string, ScriptedResponse]>([
    ['non-JSON', { kind: 'json', body: '<html>bad gateway</html>' }],
    ['truncated JSON', { kind: 'json', body: '{"content":[{"type":"te' }],
    ['no usage', { kind: 'json', body: { content: [{ type: 'text', text: 'hi' }] } }],
    ['partial usage', { kind: 'json', body: { content: [], usage: { output_tokens: 3 } } }],
    ['an empty body', { kind: 'json', body: '' }],
    ['usage of the wrong type', { kind: 'json', body: { usage: { input_tokens: 'many', output_tokens: -4 } } }],
  ])('InvokeModel answered with %s', async (_label, response) => {
    const { instrumented } = await compare(response, (client) => client.send(new InvokeModelCommand({ modelId: claude, body: json })));
    expect(instrumented.ok).toBe(true);
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD] === undefined || (span.attributes[sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD] as number) >= 0).toBe(true);
  });

  it.each(['', 'acme.mystery-v1', 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123', 'us.', '../../etc/passwd'])(
    'InvokeModel with model id %j',
    async (modelId) => {
      await compare(undefined, (client) => client.send(new InvokeModelCommand({ modelId, body: json })));
      expect(spans().length).toBe(1);
    },
  );

  it.each<[string, ScriptedResponse]>([
    ['a complete stream', FIXED_STREAM],
    ['an exception event', { kind: 'stream', events: [{ chunk: { type: 'message_start' } }, { exception: 'modelStreamErrorException', message: 'bad' }] }],
    ['a truncated stream', { kind: 'stream', events: [{ chunk: { a: 1 } }, { chunk: { a: 2 } }], truncateAfter: 1 }],
    ['non-JSON chunk bytes', { kind: 'stream', events: [{ chunk: new TextEncoder().encode('not json') }, { chunk: '{"x":' }] }],
    ['chunks of an unexpected shape', { kind: 'stream', events: [{ chunk: [1, 2] }, { chunk: 'null' }, { event: 'somethingNew', payload: { x: 1 } }] }],
  ])('InvokeModelWithResponseStream with %s', async (_label, response) => {
    await compare(response, async (client) => {
      const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: claude, body: json }));
      return collectStream(out.body);
    });
    expect(spans()).toHaveLength(1);
  });

  it('Converse with input the SDK cannot serialize', async () => {
    await compare({ kind: 'json', body: { output: { message: { role: 'assistant', content: [{ text: 'ok' }] } }, stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, metrics: { latencyMs: 5 } } }, (client) =>
      client.send(new ConverseCommand({ modelId: claude, messages: 'not an array' as never })),
    );
  });

  it('Converse with a throwing getter in the input', async () => {
    const input = {
      modelId: 'amazon.nova-lite-v1:0',
      get messages(): never {
        throw new Error('getter exploded');
      },
    };
    await compare(undefined, (client) => client.send(new ConverseCommand(input as never)));
  });

  it('throwing hooks and redactors never reach the app', async () => {
    instrumentation.setConfig({
      captureMessageContent: true,
      requestHook: () => {
        throw new Error('requestHook');
      },
      responseHook: () => {
        throw new Error('responseHook');
      },
      redact: () => {
        throw new Error('redact');
      },
    });
    const { instrumented } = await compare(undefined, (client) =>
      client.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'my email is a@b.c' }] }] })),
    );
    expect(instrumented.ok).toBe(true);
    const span = onlySpan();
    // A broken redactor means nothing is recorded, never the unredacted text.
    expect(span.attributes[sc.ATTR_GEN_AI_INPUT_MESSAGES]).toBeUndefined();
    expect(span.attributes[sc.ATTR_GEN_AI_OUTPUT_MESSAGES]).toBeUndefined();
  });

  it('the callback form of send behaves the same', async () => {
    await compare(undefined, (client) =>
      new Promise((resolve, reject) => {
        client.send(new InvokeModelCommand({ modelId: claude, body: json }), (err: unknown, out?: unknown) => (err ? reject(err) : resolve(out)));
      }),
    );
    expect(spans()).toHaveLength(1);
  });

  it('returns the SDK promise itself, not a wrapper', async () => {
    const client = runtimeClient();
    const promise = client.send(new InvokeModelCommand({ modelId: claude, body: json }));
    expect(promise).toBeInstanceOf(Promise);
    await promise;
    client.destroy();
  });
});
