import { summarizeMessages, systemText } from './content';
import { normalizeFinishReason } from './finishReason';
import type { StreamState } from './internal-types';
import type { GenAiMessage, RequestInfo, ResponseInfo, Usage } from './types';
import { count, num, obj, str, type Obj } from './values';

/** Record a chat message list on a request: count, character split and, with content on, GenAI messages. */
export function applyMessages(out: RequestInfo, list: unknown[], content: boolean, textKey: 'content' | 'message' = 'content'): void {
  const s = summarizeMessages(list, content, textKey);
  out.messageCount = s.count;
  out.chars = { system: out.system?.length ?? 0, history: s.history, user: s.user };
  if (s.messages) out.messages = s.messages;
  out.kind = 'chat';
}

/** Record a single prompt (text completion): one message, all of it counted as the user section. */
export function applyPrompt(out: RequestInfo, prompt: string, content: boolean): void {
  out.messageCount = 1;
  out.chars = { system: out.system?.length ?? 0, history: 0, user: prompt.length };
  if (content) out.messages = [{ role: 'user', parts: [{ type: 'text', content: prompt }] }];
  out.kind = 'text_completion';
}

export function applySystem(out: RequestInfo, v: unknown): void {
  const s = systemText(v);
  if (s !== undefined) out.system = s;
}

/** Keep the raw stop reason and its normalized value, skipping empty and null reasons. */
export function addStop(out: { rawStopReasons: string[]; finishReasons?: ResponseInfo['finishReasons'] }, raw: unknown): void {
  if (typeof raw !== 'string' || raw.length === 0) return;
  out.rawStopReasons.push(raw);
  out.finishReasons?.push(normalizeFinishReason(raw));
}

/** One assistant output message for a non-streamed response. */
export function outputMessage(parts: GenAiMessage['parts'], finish: string | undefined): GenAiMessage {
  const m: GenAiMessage = { role: 'assistant', parts };
  if (finish !== undefined) m.finish_reason = normalizeFinishReason(finish);
  return m;
}

export function textOutput(out: ResponseInfo, text: unknown, finish: unknown): void {
  if (typeof text !== 'string') return;
  (out.outputMessages ??= []).push(outputMessage([{ type: 'text', content: text }], str(finish)));
}

export function setCount(usage: Usage, key: 'inputTokens' | 'outputTokens' | 'cacheReadInputTokens' | 'cacheWriteInputTokens', v: unknown): void {
  const n = count(v);
  if (n !== undefined) usage[key] = n;
}

/** Converse and Nova usage objects (Nova InvokeModel spells cache counts `…TokenCount`). */
export function readConverseUsage(u: Obj | undefined, usage: Usage): void {
  if (!u) return;
  setCount(usage, 'inputTokens', u.inputTokens);
  setCount(usage, 'outputTokens', u.outputTokens);
  setCount(usage, 'cacheReadInputTokens', u.cacheReadInputTokens ?? u.cacheReadInputTokenCount);
  setCount(usage, 'cacheWriteInputTokens', u.cacheWriteInputTokens ?? u.cacheWriteInputTokenCount);
}

/** OpenAI-style usage (AI21, gpt-oss, Qwen, Writer, DeepSeek, Mistral chat). */
export function readOpenAiUsage(u: Obj | undefined, usage: Usage): void {
  if (!u) return;
  setCount(usage, 'inputTokens', u.prompt_tokens);
  setCount(usage, 'outputTokens', u.completion_tokens);
  setCount(usage, 'cacheReadInputTokens', obj(u.prompt_tokens_details)?.cached_tokens);
}

/**
 * The `amazon-bedrock-invocationMetrics` object Bedrock adds to the last chunk of every InvokeModel stream.
 * Its counts are what Bedrock bills, so they replace the model's own running counts.
 */
export function applyInvocationMetrics(m: Obj, state: StreamState): void {
  setCount(state.usage, 'inputTokens', m.inputTokenCount);
  setCount(state.usage, 'outputTokens', m.outputTokenCount);
  setCount(state.usage, 'cacheReadInputTokens', m.cacheReadInputTokenCount);
  setCount(state.usage, 'cacheWriteInputTokens', m.cacheWriteInputTokenCount);
  const latency = num(m.invocationLatency);
  if (latency !== undefined) state.latencyMs = latency;
  const firstByte = num(m.firstByteLatency);
  if (firstByte !== undefined) state.firstByteLatencyMs = firstByte;
}

/** Append a text delta to the stream state; true when it carried text. */
export function streamText(state: StreamState, text: unknown, kind: 'text' | 'reasoning' = 'text'): boolean {
  if (typeof text !== 'string' || text.length === 0) return false;
  state.output.append(kind, text);
  return true;
}

export function streamStop(state: StreamState, raw: unknown): void {
  if (typeof raw === 'string' && raw.length > 0) state.rawStopReasons.push(raw);
}

