'use strict';
// How the example's Bedrock simulator answers: the wire protocol is @kensa/test-servers'; this
// file only decides what a manga-store assistant would say, how long it takes, and which faults
// are switched on.

const { startBedrockServer } = require('@kensa/test-servers');

/** Bedrock's typical latencies for this workload (REFERENCE.md: bedrock_invoke 800–1800 ms). */
const FIRST_TOKEN_MS = [250, 600];
const CHUNK_MS = [20, 45];

const ANSWERS = [
  'おすすめは『葬送のフリーレン』です。旅の余韻を描いたファンタジーで、第1巻から読めます。『ダンジョン飯』もどうぞ。',
  'If you liked that, try 『Vinland Saga』 for historical drama, or 『Blue Period』 for something quieter.',
  '『SPY×FAMILY』は家族で楽しめるコメディです。最新刊は第13巻です。',
  'For a first shōjo series, 『Fruits Basket』 is a classic; 『Skip and Loafer』 is a recent favourite.',
];

/** A rough token count of the request (the simulator's stand-in for the model's tokenizer). */
function promptTokens(request) {
  return Math.max(1, Math.ceil(request.body.length / 3.2));
}

function splitIntoChunks(text) {
  const pieces = [];
  for (let i = 0; i < text.length; i += 12) pieces.push(text.slice(i, i + 12));
  return pieces;
}

function converseStreamEvents(text, inputTokens, stopReason) {
  const outputTokens = Math.ceil(text.length / 1.6);
  return [
    { event: 'messageStart', payload: { role: 'assistant' } },
    { event: 'contentBlockStart', payload: { contentBlockIndex: 0, start: {} } },
    ...splitIntoChunks(text).map((piece) => ({
      event: 'contentBlockDelta',
      payload: { contentBlockIndex: 0, delta: { text: piece } },
    })),
    { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
    { event: 'messageStop', payload: { stopReason } },
    {
      event: 'metadata',
      payload: {
        usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
        metrics: { latencyMs: 900 },
      },
    },
  ];
}

function converseBody(text, inputTokens, stopReason) {
  const outputTokens = Math.ceil(text.length / 1.6);
  return {
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason,
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    metrics: { latencyMs: 900 },
  };
}

/**
 * Starts the simulator. `faults` is read on every request, so the traffic generator can switch
 * faults on and off while traffic flows:
 * - `throttlePrimary`: calls to models other than Haiku are throttled (Sonnet → Haiku fallback).
 * - `timeoutAboveTokens`: prompts above this many tokens time out (ModelTimeoutException).
 * - `contentFilter`: the guardrail intervenes on every answer.
 */
async function startBedrockSimulator({ seed } = {}) {
  const faults = { throttlePrimary: false, timeoutAboveTokens: undefined, contentFilter: false };
  let answerIndex = 0;
  const server = await startBedrockServer({ latencyMs: FIRST_TOKEN_MS, chunkDelayMs: CHUNK_MS, seed });
  server.script((request) => {
    if (request.operation !== 'Converse' && request.operation !== 'ConverseStream') return { kind: 'default' };
    const inputTokens = promptTokens(request);
    if (faults.throttlePrimary && !/haiku/.test(request.modelId ?? '')) {
      return { kind: 'error', errorType: 'ThrottlingException', message: 'Too many requests, please wait before trying again.', latencyMs: [5, 20] };
    }
    if (faults.timeoutAboveTokens !== undefined && inputTokens > faults.timeoutAboveTokens) {
      return { kind: 'error', errorType: 'ModelTimeoutException', message: 'Model has timed out in processing the request. Try your request again.', latencyMs: [2500, 2900] };
    }
    const stopReason = faults.contentFilter ? 'guardrail_intervened' : 'end_turn';
    const text = faults.contentFilter
      ? 'Sorry, the model cannot answer this request.'
      : ANSWERS[answerIndex++ % ANSWERS.length];
    return request.operation === 'Converse'
      ? { kind: 'json', body: converseBody(text, inputTokens, stopReason) }
      : { kind: 'stream', events: converseStreamEvents(text, inputTokens, stopReason) };
  });
  return { server, url: server.url, faults, close: () => server.close() };
}

module.exports = { startBedrockSimulator, promptTokens };
