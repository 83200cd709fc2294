import { randomUUID } from 'node:crypto';
import { isEmbeddingFamily, serverFamily, type ServerFamily } from './modelFamily';
import type { JsonResponse, RecordedRequest, ScriptedResponse, StreamEvent } from './types';

/**
 * Realistic default answers per operation and model family, shaped after the Bedrock model
 * parameter pages (request/response bodies, stream chunks and `amazon-bedrock-invocationMetrics`).
 * Token counts are estimated from the request size so bigger prompts cost more, as they would.
 */

const ANSWER =
  'Based on what you liked, try Frieren: Beyond Journey\'s End, Vinland Saga and Blue Period. All three are in stock.';
const ANSWER_PARTS = ANSWER.match(/\S+\s*/g) ?? [ANSWER];
const OUTPUT_TOKENS = 28;
const EMBEDDING = Array.from({ length: 16 }, (_, i) => Number(Math.sin(i + 1).toFixed(6)));

export function defaultResponse(req: RecordedRequest): ScriptedResponse {
  const family = serverFamily(req.modelId);
  const inputTokens = Math.max(1, Math.ceil(req.body.length / 4));
  switch (req.operation) {
    case 'InvokeModel':
      return invokeModel(family, req, inputTokens);
    case 'InvokeModelWithResponseStream':
      if (isEmbeddingFamily(family)) return validation('The model does not support streaming.');
      return { kind: 'stream', events: invokeStream(family, req, inputTokens).map((chunk) => ({ chunk })) };
    case 'Converse':
      if (isEmbeddingFamily(family)) return validation("This action doesn't support the model that you provided.");
      return { kind: 'json', body: converseBody(inputTokens) };
    case 'ConverseStream':
      if (isEmbeddingFamily(family)) return validation("This action doesn't support the model that you provided.");
      return { kind: 'stream', events: converseStreamEvents(inputTokens) };
    case 'Retrieve':
      return { kind: 'json', body: retrieveBody() };
    case 'RetrieveAndGenerate':
      return { kind: 'json', body: retrieveAndGenerateBody(req) };
    default:
      return { kind: 'error', errorType: 'UnknownOperationException', message: `No route for ${req.method} ${req.path}`, status: 404 };
  }
}

function validation(message: string): ScriptedResponse {
  return { kind: 'error', errorType: 'ValidationException', message };
}

function invocationMetrics(inputTokens: number, outputTokens: number) {
  return { inputTokenCount: inputTokens, outputTokenCount: outputTokens, invocationLatency: 412, firstByteLatency: 188 };
}

function hasMessages(req: RecordedRequest): boolean {
  const json = req.json as { messages?: unknown } | undefined;
  return Array.isArray(json?.messages);
}

function invokeModel(family: ServerFamily, req: RecordedRequest, inputTokens: number): JsonResponse {
  const usage = { inputTokens, outputTokens: isEmbeddingFamily(family) ? 0 : OUTPUT_TOKENS };
  return { kind: 'json', body: invokeBody(family, req, inputTokens), usage };
}

function invokeBody(family: ServerFamily, req: RecordedRequest, inputTokens: number): unknown {
  switch (family) {
    case 'anthropic':
      return {
        id: `msg_bdrk_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        type: 'message',
        role: 'assistant',
        model: 'claude-3-5-sonnet-20241022',
        content: [{ type: 'text', text: ANSWER }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: OUTPUT_TOKENS, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      };
    case 'nova':
      return {
        output: { message: { role: 'assistant', content: [{ text: ANSWER }] } },
        stopReason: 'end_turn',
        usage: { inputTokens, outputTokens: OUTPUT_TOKENS, totalTokens: inputTokens + OUTPUT_TOKENS, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 },
      };
    case 'titan-text':
      return { inputTextTokenCount: inputTokens, results: [{ tokenCount: OUTPUT_TOKENS, outputText: ANSWER, completionReason: 'FINISH' }] };
    case 'titan-embed':
      return { embedding: EMBEDDING, embeddingsByType: { float: EMBEDDING }, inputTextTokenCount: inputTokens };
    case 'llama':
      return { generation: ANSWER, prompt_token_count: inputTokens, generation_token_count: OUTPUT_TOKENS, stop_reason: 'stop' };
    case 'mistral':
      return hasMessages(req)
        ? { choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, stop_reason: 'stop' }] }
        : { outputs: [{ text: ANSWER, stop_reason: 'stop' }] };
    case 'cohere-command':
      return { response_id: randomUUID(), text: ANSWER, generation_id: randomUUID(), chat_history: [], finish_reason: 'COMPLETE' };
    case 'cohere-embed':
      return { embeddings: [EMBEDDING], id: randomUUID(), response_type: 'embeddings_floats', texts: ['query'] };
    case 'deepseek':
      return { choices: [{ text: ANSWER, stop_reason: 'stop' }] };
    case 'jamba':
    case 'openai':
      return {
        id: `chatcmpl-${randomUUID()}`,
        object: 'chat.completion',
        created: 1763780000,
        model: family === 'jamba' ? 'jamba-1.5-mini' : 'gpt-oss-120b',
        choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }],
        usage: { prompt_tokens: inputTokens, completion_tokens: OUTPUT_TOKENS, total_tokens: inputTokens + OUTPUT_TOKENS },
      };
    default:
      return { outputText: ANSWER, stopReason: 'stop' };
  }
}

function invokeStream(family: ServerFamily, req: RecordedRequest, inputTokens: number): unknown[] {
  const metrics = invocationMetrics(inputTokens, OUTPUT_TOKENS);
  const last = ANSWER_PARTS.length - 1;
  switch (family) {
    case 'anthropic': {
      const id = `msg_bdrk_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
      return [
        {
          type: 'message_start',
          message: { id, type: 'message', role: 'assistant', model: 'claude-3-5-sonnet-20241022', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
        },
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        ...ANSWER_PARTS.map((text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
        { type: 'content_block_stop', index: 0 },
        { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: OUTPUT_TOKENS } },
        { type: 'message_stop', 'amazon-bedrock-invocationMetrics': metrics },
      ];
    }
    case 'nova':
      return [
        { messageStart: { role: 'assistant' } },
        ...ANSWER_PARTS.map((text) => ({ contentBlockDelta: { delta: { text }, contentBlockIndex: 0 } })),
        { contentBlockStop: { contentBlockIndex: 0 } },
        { messageStop: { stopReason: 'end_turn' } },
        { metadata: { usage: { inputTokens, outputTokens: OUTPUT_TOKENS }, metrics: {}, trace: {} }, 'amazon-bedrock-invocationMetrics': metrics },
      ];
    case 'titan-text':
      return ANSWER_PARTS.map((outputText, i) => ({
        outputText,
        index: 0,
        totalOutputTextTokenCount: i === last ? OUTPUT_TOKENS : i + 1,
        completionReason: i === last ? 'FINISH' : null,
        inputTextTokenCount: i === 0 ? inputTokens : null,
        ...(i === last ? { 'amazon-bedrock-invocationMetrics': metrics } : {}),
      }));
    case 'llama':
      return ANSWER_PARTS.map((generation, i) => ({
        generation,
        prompt_token_count: i === 0 ? inputTokens : null,
        generation_token_count: i === last ? OUTPUT_TOKENS : i + 1,
        stop_reason: i === last ? 'stop' : null,
        ...(i === last ? { 'amazon-bedrock-invocationMetrics': metrics } : {}),
      }));
    case 'mistral':
      return ANSWER_PARTS.map((text, i) => ({
        ...(hasMessages(req)
          ? { choices: [{ index: 0, message: { role: 'assistant', content: text }, stop_reason: i === last ? 'stop' : null }] }
          : { outputs: [{ text, stop_reason: i === last ? 'stop' : null }] }),
        ...(i === last ? { 'amazon-bedrock-invocationMetrics': metrics } : {}),
      }));
    case 'cohere-command':
      return [
        { is_finished: false, event_type: 'stream-start', generation_id: randomUUID() },
        ...ANSWER_PARTS.map((text) => ({ is_finished: false, event_type: 'text-generation', text })),
        {
          is_finished: true,
          event_type: 'stream-end',
          response: { response_id: randomUUID(), text: ANSWER, generation_id: randomUUID(), finish_reason: 'COMPLETE' },
          finish_reason: 'COMPLETE',
          'amazon-bedrock-invocationMetrics': metrics,
        },
      ];
    case 'deepseek':
      return ANSWER_PARTS.map((text, i) => ({
        choices: [{ text, stop_reason: i === last ? 'stop' : null }],
        ...(i === last ? { 'amazon-bedrock-invocationMetrics': metrics } : {}),
      }));
    case 'jamba':
    case 'openai': {
      const id = `chatcmpl-${randomUUID()}`;
      return [
        ...ANSWER_PARTS.map((content, i) => ({
          id,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content } : { content }, finish_reason: null }],
        })),
        {
          id,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
          usage: { prompt_tokens: inputTokens, completion_tokens: OUTPUT_TOKENS, total_tokens: inputTokens + OUTPUT_TOKENS },
          'amazon-bedrock-invocationMetrics': metrics,
        },
      ];
    }
    default:
      return [...ANSWER_PARTS.map((outputText) => ({ outputText })), { stopReason: 'stop', 'amazon-bedrock-invocationMetrics': metrics }];
  }
}

function converseBody(inputTokens: number): unknown {
  return {
    output: { message: { role: 'assistant', content: [{ text: ANSWER }] } },
    stopReason: 'end_turn',
    usage: { inputTokens, outputTokens: OUTPUT_TOKENS, totalTokens: inputTokens + OUTPUT_TOKENS },
    metrics: { latencyMs: 412 },
  };
}

function converseStreamEvents(inputTokens: number): StreamEvent[] {
  return [
    { event: 'messageStart', payload: { role: 'assistant' } },
    ...ANSWER_PARTS.map((text) => ({ event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text } } })),
    { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
    { event: 'messageStop', payload: { stopReason: 'end_turn' } },
    {
      event: 'metadata',
      payload: { usage: { inputTokens, outputTokens: OUTPUT_TOKENS, totalTokens: inputTokens + OUTPUT_TOKENS }, metrics: { latencyMs: 412 } },
    },
  ];
}

const PASSAGES = [
  { text: 'Frieren: Beyond Journey\'s End, volume 1. An elf mage looks back on a finished quest.', score: 0.82 },
  { text: 'Vinland Saga, deluxe edition. A Viking epic about revenge and what comes after.', score: 0.74 },
  { text: 'Blue Period, volume 3. A high-school student discovers painting.', score: 0.61 },
];

function retrieveBody(): unknown {
  return {
    retrievalResults: PASSAGES.map((p, i) => ({
      content: { type: 'TEXT', text: p.text },
      location: { type: 'S3', s3Location: { uri: `s3://manga-catalog/items/${i + 1}.json` } },
      score: p.score,
      metadata: { 'x-amz-bedrock-kb-source-uri': `s3://manga-catalog/items/${i + 1}.json` },
    })),
  };
}

function retrieveAndGenerateBody(req: RecordedRequest): unknown {
  const json = req.json as { sessionId?: string } | undefined;
  return {
    sessionId: json?.sessionId ?? randomUUID(),
    output: { text: ANSWER },
    citations: [
      {
        generatedResponsePart: { textResponsePart: { text: ANSWER, span: { start: 0, end: ANSWER.length - 1 } } },
        retrievedReferences: PASSAGES.map((p, i) => ({
          content: { type: 'TEXT', text: p.text },
          location: { type: 'S3', s3Location: { uri: `s3://manga-catalog/items/${i + 1}.json` } },
          metadata: { 'x-amz-bedrock-kb-source-uri': `s3://manga-catalog/items/${i + 1}.json` },
        })),
      },
    ],
  };
}
