import { addStop, applyMessages, applyPrompt, applySystem, outputMessage, setCount, streamStop, streamText, textOutput } from '../common';
import { toParts } from '../content';
import type { FamilyParser, StreamState } from '../internal-types';
import type { RequestInfo, ResponseInfo, Usage } from '../types';
import { arr, obj, str, type Obj } from '../values';
import { readSampling } from '../sampling';

function readUsage(u: Obj | undefined, usage: Usage): void {
  if (!u) return;
  // Anthropic's input_tokens excludes cache reads and writes; the three are billed at different rates.
  setCount(usage, 'inputTokens', u.input_tokens);
  setCount(usage, 'outputTokens', u.output_tokens);
  setCount(usage, 'cacheReadInputTokens', u.cache_read_input_tokens);
  setCount(usage, 'cacheWriteInputTokens', u.cache_creation_input_tokens);
}

/** Anthropic Claude: the Messages API body, and the legacy Text Completions body (`prompt`, Claude 2). */
export const anthropicParser: FamilyParser = {
  request(b: Obj, out: RequestInfo, content: boolean): void {
    readSampling(b, { maxTokens: ['max_tokens', 'max_tokens_to_sample'], topP: ['top_p'], topK: ['top_k'] }, b.stop_sequences, out);
    applySystem(out, b.system);
    const messages = arr(b.messages);
    if (messages) applyMessages(out, messages, content);
    else if (typeof b.prompt === 'string') applyPrompt(out, b.prompt, content);
  },

  response(b: Obj, out: ResponseInfo, content: boolean): void {
    const id = str(b.id);
    if (id) out.id = id;
    const model = str(b.model);
    if (model) out.model = model;
    addStop(out, b.stop_reason);
    readUsage(obj(b.usage), out.usage);
    if (!content) return;
    if (b.content !== undefined) out.outputMessages = [outputMessage(toParts(b.content), str(b.stop_reason))];
    else textOutput(out, b.completion, b.stop_reason);
  },

  // Bedrock streams Claude's events as compact JSON with `type` first; deltas carry only text or tool input.
  contentOnlyChunkPrefixes: [new TextEncoder().encode('{"type":"content_block_delta"')],

  chunk(c: Obj, state: StreamState): boolean {
    switch (c.type) {
      case 'message_start': {
        const m = obj(c.message);
        const id = str(m?.id);
        if (id) state.id = id;
        const model = str(m?.model);
        if (model) state.model = model;
        readUsage(obj(m?.usage), state.usage);
        return false;
      }
      case 'content_block_start': {
        const block = obj(c.content_block);
        if (block?.type === 'tool_use') {
          state.output.startToolCall(block.id, block.name);
          return true;
        }
        return streamText(state, block?.text);
      }
      case 'content_block_delta': {
        const d = obj(c.delta);
        if (!d) return false;
        if (d.type === 'input_json_delta') {
          const json = str(d.partial_json);
          if (!json) return false;
          state.output.appendToolInput(json);
          return true;
        }
        if (d.type === 'thinking_delta') return streamText(state, d.thinking, 'reasoning');
        return streamText(state, d.text);
      }
      case 'message_delta': {
        streamStop(state, obj(c.delta)?.stop_reason);
        // message_delta carries the cumulative output count; input counts come from message_start.
        readUsage(obj(c.usage), state.usage);
        return false;
      }
      case 'error':
        state.errorType = str(obj(c.error)?.type) ?? 'error';
        return false;
      default:
        // Legacy Text Completions stream: {completion, stop_reason}.
        if (c.completion !== undefined) {
          streamStop(state, c.stop_reason);
          return streamText(state, c.completion);
        }
        return false;
    }
  },
};
