import { addStop, applyPrompt, setCount, streamStop, streamText, textOutput } from '../common';
import type { FamilyParser, StreamState } from '../internal-types';
import type { RequestInfo, ResponseInfo } from '../types';
import { arr, count, obj, type Obj } from '../values';
import { readSampling } from '../sampling';

/** Amazon Titan Text (Express, Lite, Premier): `inputText` + `textGenerationConfig`. */
export const titanTextParser: FamilyParser = {
  request(b: Obj, out: RequestInfo, content: boolean): void {
    const cfg = obj(b.textGenerationConfig);
    readSampling(cfg, { maxTokens: ['maxTokenCount'], topP: ['topP'] }, cfg?.stopSequences, out);
    if (typeof b.inputText === 'string') applyPrompt(out, b.inputText, content);
    else out.kind = 'text_completion';
  },

  response(b: Obj, out: ResponseInfo, content: boolean): void {
    setCount(out.usage, 'inputTokens', b.inputTextTokenCount);
    const results = arr(b.results) ?? [];
    let outputTokens: number | undefined;
    for (const r of results) {
      const result = obj(r);
      if (!result) continue;
      const n = count(result.tokenCount);
      if (n !== undefined) outputTokens = (outputTokens ?? 0) + n;
      addStop(out, result.completionReason);
      if (content) textOutput(out, result.outputText, result.completionReason);
    }
    if (outputTokens !== undefined) out.usage.outputTokens = outputTokens;
  },

  chunk(c: Obj, state: StreamState): boolean {
    setCount(state.usage, 'inputTokens', c.inputTextTokenCount);
    setCount(state.usage, 'outputTokens', c.totalOutputTextTokenCount);
    streamStop(state, c.completionReason);
    return streamText(state, c.outputText);
  },
};
