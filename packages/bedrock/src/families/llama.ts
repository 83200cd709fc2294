import { addStop, applyPrompt, setCount, streamStop, streamText, textOutput } from '../common';
import type { FamilyParser, StreamState } from '../internal-types';
import type { RequestInfo, ResponseInfo } from '../types';
import { type Obj } from '../values';
import { readSampling } from '../sampling';

/** Meta Llama: a formatted `prompt` (the chat template, system prompt included, is inside it). */
export const llamaParser: FamilyParser = {
  request(b: Obj, out: RequestInfo, content: boolean): void {
    readSampling(b, { maxTokens: ['max_gen_len'], topP: ['top_p'] }, undefined, out);
    if (typeof b.prompt === 'string') applyPrompt(out, b.prompt, content);
    else out.kind = 'text_completion';
  },

  response(b: Obj, out: ResponseInfo, content: boolean): void {
    setCount(out.usage, 'inputTokens', b.prompt_token_count);
    setCount(out.usage, 'outputTokens', b.generation_token_count);
    addStop(out, b.stop_reason);
    if (content) textOutput(out, b.generation, b.stop_reason);
  },

  chunk(c: Obj, state: StreamState): boolean {
    // prompt_token_count arrives on the first chunk only; generation_token_count is cumulative.
    setCount(state.usage, 'inputTokens', c.prompt_token_count);
    setCount(state.usage, 'outputTokens', c.generation_token_count);
    streamStop(state, c.stop_reason);
    return streamText(state, c.generation);
  },
};
