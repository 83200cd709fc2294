// The twelve calls every process makes, each with the server response it gets and what a correct span
// records about it. Responses are scripted (not the server's defaults) so every process sees the same
// bytes and the expected token counts are known exactly.

const CLAUDE = 'us.anthropic.claude-3-5-sonnet-20241022-v2:0';
const NOVA = 'amazon.nova-pro-v1:0';
const LLAMA = 'meta.llama3-1-70b-instruct-v1:0';

/** A string that only ever appears in prompts: finding it on a span means prompt content was recorded. */
export const PROMPT_MARKER = 'MARKER-PROMPT-7f3a';

// List prices per 1M tokens (input, output) used to check cost values (AWS Bedrock on-demand pricing).
const PRICE = { [CLAUDE]: [3, 15], [NOVA]: [0.8, 3.2], [LLAMA]: [0.72, 0.72] };
const cost = (model, input, output) => (input * PRICE[model][0] + output * PRICE[model][1]) / 1e6;

const claudeRequest = (extra = {}) => ({
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 256,
  messages: [{ role: 'user', content: [{ type: 'text', text: `Recommend a manga like Naruto. ${PROMPT_MARKER}` }] }],
  ...extra,
});
const claudeBody = (usage) => ({
  id: 'msg_bdrk_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-3-5-sonnet-20241022',
  content: [{ type: 'text', text: 'Try One Piece or My Hero Academia.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage,
});
const converseMessages = [{ role: 'user', content: [{ text: `Recommend a manga like Naruto. ${PROMPT_MARKER}` }] }];

const claudeStreamEvents = [
  { chunk: { type: 'message_start', message: { id: 'msg_bdrk_02', type: 'message', role: 'assistant', model: 'claude-3-5-sonnet-20241022', content: [], stop_reason: null, usage: { input_tokens: 30, output_tokens: 1 } } } },
  { chunk: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
  { chunk: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Try ' } } },
  { chunk: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'One ' } } },
  { chunk: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Piece.' } } },
  { chunk: { type: 'content_block_stop', index: 0 } },
  { chunk: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } } },
  { chunk: { type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 30, outputTokenCount: 12, invocationLatency: 310, firstByteLatency: 95 } } },
];

const invocationMetrics = claudeStreamEvents.at(-1).chunk['amazon-bedrock-invocationMetrics'];

const converseStart = [
  { event: 'messageStart', payload: { role: 'assistant' } },
  { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'Try ' } } },
];

async function collect(stream, seen, stopAfter = Infinity) {
  for await (const event of stream) {
    seen.push(event);
    if (seen.length >= stopAfter) break;
  }
}

/**
 * `run(client, sdk, seen)` makes the call; stream events are pushed to `seen` as the app receives them.
 * `expect` lists what a correct span carries; a check the scenario does not list is not applicable.
 */
export const scenarios = [
  {
    id: 1,
    title: 'Converse, cross-region Claude id',
    response: { kind: 'json', body: { output: { message: { role: 'assistant', content: [{ text: 'Try One Piece.' }] } }, stopReason: 'end_turn', usage: { inputTokens: 25, outputTokens: 7, totalTokens: 32 }, metrics: { latencyMs: 120 } } },
    run: (c, sdk) => c.send(new sdk.ConverseCommand({ modelId: CLAUDE, messages: converseMessages, inferenceConfig: { maxTokens: 256 } })),
    expect: { input: 25, output: 7, finish: 'end_turn', cost: cost(CLAUDE, 25, 7) },
  },
  {
    id: 2,
    title: 'ConverseStream',
    response: {
      kind: 'stream',
      events: [
        ...converseStart,
        { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'One Piece.' } } },
        { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
        { event: 'messageStop', payload: { stopReason: 'end_turn' } },
        { event: 'metadata', payload: { usage: { inputTokens: 25, outputTokens: 9, totalTokens: 34 }, metrics: { latencyMs: 200 } } },
      ],
    },
    run: async (c, sdk, seen) => {
      const res = await c.send(new sdk.ConverseStreamCommand({ modelId: CLAUDE, messages: converseMessages }));
      await collect(res.stream, seen);
      return res;
    },
    expect: { input: 25, output: 9, finish: 'end_turn', ttfc: true, cost: cost(CLAUDE, 25, 9) },
  },
  {
    id: 3,
    title: 'InvokeModel Claude (JSON string body)',
    response: { kind: 'json', body: claudeBody({ input_tokens: 30, output_tokens: 11 }), usage: { inputTokens: 30, outputTokens: 11 } },
    run: (c, sdk) => c.send(new sdk.InvokeModelCommand({ modelId: CLAUDE, contentType: 'application/json', body: JSON.stringify(claudeRequest()) })),
    expect: { input: 30, output: 11, finish: 'end_turn', cost: cost(CLAUDE, 30, 11) },
  },
  {
    id: 4,
    title: 'InvokeModel Claude (Uint8Array body)',
    response: { kind: 'json', body: claudeBody({ input_tokens: 30, output_tokens: 11 }), usage: { inputTokens: 30, outputTokens: 11 } },
    run: (c, sdk) => c.send(new sdk.InvokeModelCommand({ modelId: CLAUDE, contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify(claudeRequest())) })),
    expect: { input: 30, output: 11, finish: 'end_turn', cost: cost(CLAUDE, 30, 11) },
  },
  {
    id: 5,
    title: 'InvokeModel Amazon Nova',
    response: { kind: 'json', body: { output: { message: { role: 'assistant', content: [{ text: 'Try One Piece.' }] } }, stopReason: 'end_turn', usage: { inputTokens: 18, outputTokens: 6, totalTokens: 24 } }, usage: { inputTokens: 18, outputTokens: 6 } },
    run: (c, sdk) => c.send(new sdk.InvokeModelCommand({ modelId: NOVA, contentType: 'application/json', body: JSON.stringify({ schemaVersion: 'messages-v1', messages: converseMessages, inferenceConfig: { maxTokens: 256 } }) })),
    expect: { input: 18, output: 6, finish: 'end_turn', cost: cost(NOVA, 18, 6) },
  },
  {
    id: 6,
    title: 'InvokeModel Meta Llama',
    response: { kind: 'json', body: { generation: 'Try One Piece.', prompt_token_count: 21, generation_token_count: 8, stop_reason: 'stop' }, usage: { inputTokens: 21, outputTokens: 8 } },
    run: (c, sdk) => c.send(new sdk.InvokeModelCommand({ modelId: LLAMA, contentType: 'application/json', body: JSON.stringify({ prompt: `Recommend a manga like Naruto. ${PROMPT_MARKER}`, max_gen_len: 256 }) })),
    expect: { input: 21, output: 8, finish: 'stop', cost: cost(LLAMA, 21, 8) },
  },
  {
    id: 7,
    title: 'InvokeModelWithResponseStream Claude',
    response: { kind: 'stream', events: claudeStreamEvents },
    run: async (c, sdk, seen) => {
      const res = await c.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId: CLAUDE, contentType: 'application/json', body: JSON.stringify(claudeRequest()) }));
      await collect(res.body, seen);
      return res;
    },
    // The counts the stream's final amazon-bedrock-invocationMetrics report.
    expect: { input: invocationMetrics.inputTokenCount, output: invocationMetrics.outputTokenCount, finish: 'end_turn', ttfc: true, cost: cost(CLAUDE, invocationMetrics.inputTokenCount, invocationMetrics.outputTokenCount) },
  },
  {
    id: 8,
    title: 'Prompt-cache tokens (InvokeModel Claude)',
    response: { kind: 'json', body: claudeBody({ input_tokens: 10, cache_read_input_tokens: 1200, cache_creation_input_tokens: 300, output_tokens: 9 }), usage: { inputTokens: 10, outputTokens: 9 } },
    run: (c, sdk) => c.send(new sdk.InvokeModelCommand({ modelId: CLAUDE, contentType: 'application/json', body: JSON.stringify(claudeRequest()) })),
    // Input is right either as Anthropic's uncached count (10) or as the GenAI spec's total (1510).
    expect: { input: [10, 1510], output: 9, cacheRead: 1200, cacheWrite: 300, finish: 'end_turn' },
  },
  {
    id: 9,
    title: 'ThrottlingException (429)',
    response: { kind: 'error', errorType: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' },
    run: (c, sdk) => c.send(new sdk.ConverseCommand({ modelId: CLAUDE, messages: converseMessages })),
    expect: { errorType: 'ThrottlingException' },
  },
  {
    id: 10,
    title: 'Exception event mid-stream',
    response: { kind: 'stream', events: [...converseStart, { exception: 'modelStreamErrorException', message: 'Model stream failed', originalStatusCode: 500 }] },
    run: async (c, sdk, seen) => {
      const res = await c.send(new sdk.ConverseStreamCommand({ modelId: CLAUDE, messages: converseMessages }));
      await collect(res.stream, seen);
      return res;
    },
    expect: { errorType: 'ModelStreamErrorException' },
  },
  {
    id: 11,
    title: 'Consumer breaks out of a stream early',
    response: { kind: 'stream', events: claudeStreamEvents },
    run: async (c, sdk, seen) => {
      const res = await c.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId: CLAUDE, contentType: 'application/json', body: JSON.stringify(claudeRequest()) }));
      await collect(res.body, seen, 3);
      return res;
    },
    expect: {},
  },
  {
    id: 12,
    title: 'Non-JSON request body',
    response: { kind: 'error', errorType: 'ValidationException', message: 'Malformed input request, please reformat your input and try again.' },
    run: (c, sdk) => c.send(new sdk.InvokeModelCommand({ modelId: CLAUDE, contentType: 'application/json', body: `not json { ${PROMPT_MARKER}` })),
    expect: { errorType: 'ValidationException' },
  },
];
