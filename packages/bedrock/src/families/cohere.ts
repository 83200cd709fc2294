import { addStop, applyMessages, applyPrompt, outputMessage, setCount, streamStop, streamText, textOutput } from '../common';
import type { FamilyParser, StreamState } from '../internal-types';
import type { GenAiMessage, RequestInfo, ResponseInfo, Usage } from '../types';
import { arr, obj, str, type Obj } from '../values';
import { readSampling } from '../sampling';

/** Command R tool calls (`[{name, parameters}]`) as GenAI parts; Cohere gives them no ids. */
function toolCallParts(v: unknown): GenAiMessage['parts'] {
  const parts: GenAiMessage['parts'] = [];
  for (const t of arr(v) ?? []) {
    const call = obj(t);
    if (call) parts.push({ type: 'tool_call', name: call.name, arguments: call.parameters });
  }
  return parts;
}

function readMeta(meta: Obj | undefined, usage: Usage): void {
  const units = obj(meta?.billed_units) ?? obj(meta?.tokens);
  if (!units) return;
  setCount(usage, 'inputTokens', units.input_tokens);
  setCount(usage, 'outputTokens', units.output_tokens);
}

/**
 * Cohere Command R / R+ (chat: `message`, `chat_history`, `preamble`) and the legacy Command / Command Light
 * (`prompt` → `generations[]`).
 */
export const cohereParser: FamilyParser = {
  request(b: Obj, out: RequestInfo, content: boolean): void {
    readSampling(b, { maxTokens: ['max_tokens'], topP: ['p'], topK: ['k'] }, b.stop_sequences, out);
    if (typeof b.preamble === 'string') out.system = b.preamble;
    if (typeof b.message === 'string') {
      const history = arr(b.chat_history) ?? [];
      applyMessages(out, [...history, { role: 'USER', message: b.message }], content, 'message');
    } else if (typeof b.prompt === 'string') applyPrompt(out, b.prompt, content);
  },

  response(b: Obj, out: ResponseInfo, content: boolean): void {
    const id = str(b.response_id) ?? str(b.id) ?? str(b.generation_id);
    if (id) out.id = id;
    readMeta(obj(b.meta), out.usage);
    const generations = arr(b.generations);
    if (generations) {
      for (const g of generations) {
        const gen = obj(g);
        if (!gen) continue;
        addStop(out, gen.finish_reason);
        if (content) textOutput(out, gen.text, gen.finish_reason);
      }
      return;
    }
    addStop(out, b.finish_reason);
    if (!content) return;
    const calls = toolCallParts(b.tool_calls);
    if (calls.length === 0) textOutput(out, b.text, b.finish_reason);
    else {
      const parts: GenAiMessage['parts'] = typeof b.text === 'string' && b.text.length > 0 ? [{ type: 'text', content: b.text }] : [];
      out.outputMessages = [outputMessage([...parts, ...calls], str(b.finish_reason))];
    }
  },

  chunk(c: Obj, state: StreamState): boolean {
    // Command R: {event_type:'text-generation', text} … {event_type:'stream-end', finish_reason, response}.
    // Legacy Command: {text, is_finished} … {is_finished:true, finish_reason}.
    if (c.event_type === 'stream-end' || c.is_finished === true) {
      streamStop(state, str(c.finish_reason));
      const response = obj(c.response);
      const id = str(response?.response_id) ?? str(response?.generation_id);
      if (id) state.id = id;
      readMeta(obj(response?.meta) ?? obj(c.meta), state.usage);
      return false;
    }
    if (c.event_type === 'tool-calls-generation') {
      const calls = toolCallParts(c.tool_calls);
      for (const call of calls) {
        state.output.startToolCall(undefined, call.name);
        // Arguments arrive whole here, not as JSON fragments; keep the string form the other families use.
        if (call.arguments !== undefined) state.output.appendToolInput(JSON.stringify(call.arguments));
      }
      return calls.length > 0;
    }
    if (c.event_type !== undefined && c.event_type !== 'text-generation') return false;
    return streamText(state, c.text);
  },
};
