import { addStop, applyMessages, applyPrompt, applySystem, outputMessage, readOpenAiUsage, streamStop, streamText } from '../common';
import { systemText, toMessage } from '../content';
import type { FamilyParser, StreamState } from '../internal-types';
import type { RequestInfo, ResponseInfo } from '../types';
import { arr, obj, str, type Obj } from '../values';
import { readSampling } from '../sampling';

/** Sampling knobs under their OpenAI-style names, shared by every family that copies that API. */
export function readOpenAiParams(b: Obj, out: RequestInfo): void {
  readSampling(b, { maxTokens: ['max_tokens', 'max_completion_tokens', 'max_new_tokens'], topP: ['top_p'], topK: ['top_k'] }, b.stop, out);
}

/** Request body in OpenAI chat form (`messages`, system as a message) or completion form (`prompt`). */
export function readOpenAiRequest(b: Obj, out: RequestInfo, content: boolean): void {
  readOpenAiParams(b, out);
  // Not OpenAI, but imported models fed Anthropic-style bodies reach here through the detecting parser.
  applySystem(out, b.system);
  const messages = arr(b.messages);
  if (messages) {
    // The system prompt travels as a message here; count it in its own section, not in the history.
    let system: string | undefined;
    let rest: unknown[] = messages;
    if (messages.some(isSystemMessage)) {
      rest = [];
      for (const m of messages) {
        if (!isSystemMessage(m)) {
          rest.push(m);
          continue;
        }
        const s = systemText(obj(m)?.content);
        if (s !== undefined) system = system === undefined ? s : `${system}\n${s}`;
      }
    }
    if (system !== undefined) out.system = system;
    applyMessages(out, rest, false);
    // Captured messages keep the system messages in place, so the conversation reads as sent.
    if (content) out.messages = messages.map((m) => obj(m)).filter((m): m is Obj => m !== undefined).map(toMessage);
  } else if (typeof b.prompt === 'string') applyPrompt(out, b.prompt, content);
}

function isSystemMessage(m: unknown): boolean {
  const role = obj(m)?.role;
  return role === 'system' || role === 'developer';
}

/** Response with `choices` (chat `message` or completion `text`) and OpenAI usage. */
export function readOpenAiResponse(b: Obj, out: ResponseInfo, content: boolean): void {
  const id = str(b.id);
  if (id) out.id = id;
  const model = str(b.model);
  if (model) out.model = model;
  readOpenAiUsage(obj(b.usage), out.usage);
  for (const c of arr(b.choices) ?? []) {
    const choice = obj(c);
    if (!choice) continue;
    // DeepSeek and Mistral on Bedrock name it stop_reason; the OpenAI form names it finish_reason.
    const finish = str(choice.finish_reason) ?? str(choice.stop_reason);
    addStop(out, finish);
    if (!content) continue;
    const message = obj(choice.message);
    if (message) {
      const m = toMessage({ ...message, role: 'assistant' });
      const reasoning = str(message.reasoning_content) ?? str(message.reasoning);
      if (reasoning) m.parts.unshift({ type: 'reasoning', content: reasoning });
      (out.outputMessages ??= []).push(outputMessage(m.parts, finish));
    } else if (typeof choice.text === 'string') {
      (out.outputMessages ??= []).push(outputMessage([{ type: 'text', content: choice.text }], finish));
    }
  }
}

/** Stream chunk with `choices[].delta` (chat), `choices[].text` (completion) or `choices[].message` (Mistral). */
export function readOpenAiChunk(c: Obj, state: StreamState): boolean {
  const id = str(c.id);
  if (id) state.id = id;
  const model = str(c.model);
  if (model) state.model = model;
  readOpenAiUsage(obj(c.usage), state.usage);
  let carried = false;
  for (const ch of arr(c.choices) ?? []) {
    const choice = obj(ch);
    if (!choice) continue;
    streamStop(state, str(choice.finish_reason) ?? str(choice.stop_reason));
    const delta = obj(choice.delta) ?? obj(choice.message);
    if (delta) {
      if (streamText(state, str(delta.reasoning_content) ?? str(delta.reasoning), 'reasoning')) carried = true;
      if (streamText(state, delta.content)) carried = true;
      for (const t of arr(delta.tool_calls) ?? []) {
        const call = obj(t);
        const fn = obj(call?.function);
        if (!call) continue;
        if (call.id !== undefined || fn?.name !== undefined) state.output.startToolCall(call.id, fn?.name);
        const args = str(fn?.arguments);
        if (args) state.output.appendToolInput(args);
        carried = true;
      }
    } else if (streamText(state, choice.text)) carried = true;
  }
  return carried;
}

/**
 * AI21 Jamba, OpenAI gpt-oss, Qwen, Writer Palmyra and DeepSeek: all take the OpenAI chat-completions body
 * (DeepSeek-R1 the completion form with `prompt`) and answer with `choices`.
 */
export const openAiCompatibleParser: FamilyParser = {
  request: readOpenAiRequest,
  response: readOpenAiResponse,
  chunk: readOpenAiChunk,
};
