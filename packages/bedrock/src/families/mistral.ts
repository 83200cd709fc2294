import { addStop, streamStop, streamText, textOutput } from '../common';
import type { FamilyParser, StreamState } from '../internal-types';
import type { RequestInfo, ResponseInfo } from '../types';
import { arr, obj, str, type Obj } from '../values';
import { readOpenAiChunk, readOpenAiRequest, readOpenAiResponse } from './openaiCompatible';

/**
 * Mistral and Mixtral: text completion (`prompt` → `outputs[]`) for the instruct models, OpenAI-like chat
 * (`messages` → `choices[]`) for Mistral Large 2 and later. Neither body carries token counts: they come
 * from the `x-amzn-bedrock-*-token-count` headers or the stream's invocation metrics.
 */
export const mistralParser: FamilyParser = {
  request(b: Obj, out: RequestInfo, content: boolean): void {
    readOpenAiRequest(b, out, content);
  },

  response(b: Obj, out: ResponseInfo, content: boolean): void {
    const outputs = arr(b.outputs);
    if (!outputs) {
      readOpenAiResponse(b, out, content);
      return;
    }
    for (const o of outputs) {
      const output = obj(o);
      if (!output) continue;
      addStop(out, output.stop_reason);
      if (content) textOutput(out, output.text, output.stop_reason);
    }
  },

  chunk(c: Obj, state: StreamState): boolean {
    const outputs = arr(c.outputs);
    if (!outputs) return readOpenAiChunk(c, state);
    let carried = false;
    for (const o of outputs) {
      const output = obj(o);
      if (!output) continue;
      streamStop(state, str(output.stop_reason));
      if (streamText(state, output.text)) carried = true;
    }
    return carried;
  },
};
