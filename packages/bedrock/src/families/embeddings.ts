import { setCount } from '../common';
import type { FamilyParser } from '../internal-types';
import type { RequestInfo, ResponseInfo } from '../types';
import { arr, str, type Obj } from '../values';
import { textLength } from '../content';

/** Amazon Titan Text Embeddings: `inputText` → `embedding` + `inputTextTokenCount`. */
export const titanEmbedParser: FamilyParser = {
  request(b: Obj, out: RequestInfo): void {
    out.kind = 'embeddings';
    if (typeof b.inputText === 'string') {
      out.messageCount = 1;
      out.chars = { system: 0, history: 0, user: b.inputText.length };
    }
  },
  response(b: Obj, out: ResponseInfo): void {
    setCount(out.usage, 'inputTokens', b.inputTextTokenCount);
  },
  // Embedding models do not stream.
  chunk: () => false,
};

/** Cohere Embed: `texts[]` → `embeddings`; token counts only in the response headers. */
export const cohereEmbedParser: FamilyParser = {
  request(b: Obj, out: RequestInfo): void {
    out.kind = 'embeddings';
    const texts = arr(b.texts);
    if (texts) {
      out.messageCount = texts.length;
      out.chars = { system: 0, history: 0, user: textLength(texts) };
    }
  },
  response(b: Obj, out: ResponseInfo): void {
    const id = str(b.id);
    if (id) out.id = id;
  },
  chunk: () => false,
};
