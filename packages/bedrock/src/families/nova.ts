import { addStop, applyMessages, applySystem, outputMessage, readConverseUsage } from '../common';
import { toParts } from '../content';
import { handleConverseEvent } from '../converseEvents';
import type { FamilyParser, StreamState } from '../internal-types';
import type { RequestInfo, ResponseInfo } from '../types';
import { arr, obj, str, type Obj } from '../values';
import { readSampling } from '../sampling';

/** Amazon Nova understanding models: `messages-v1` schema; content blocks and streams are Converse-shaped. */
export const novaParser: FamilyParser = {
  request(b: Obj, out: RequestInfo, content: boolean): void {
    const cfg = obj(b.inferenceConfig);
    // The docs spell the knobs both ways (max_new_tokens / maxTokens, top_p / topP); accept both.
    readSampling(cfg, { maxTokens: ['max_new_tokens', 'maxTokens'], topP: ['top_p', 'topP'], topK: ['top_k', 'topK'] }, cfg?.stopSequences, out);
    applySystem(out, b.system);
    const messages = arr(b.messages);
    if (messages) applyMessages(out, messages, content);
  },

  response(b: Obj, out: ResponseInfo, content: boolean): void {
    addStop(out, b.stopReason);
    readConverseUsage(obj(b.usage), out.usage);
    if (!content) return;
    const message = obj(obj(b.output)?.message);
    if (message) out.outputMessages = [outputMessage(toParts(message.content), str(b.stopReason))];
  },

  chunk(c: Obj, state: StreamState): boolean {
    return handleConverseEvent(c, state);
  },
};
