import { addStop, applyMessages, applySystem, outputMessage, readConverseUsage } from './common';
import { toParts } from './content';
import { contentOption } from './options';
import type { ParseOptions, RequestInfo, ResponseInfo } from './types';
import { arr, firstNum, num, obj, str } from './values';
import { readSampling } from './sampling';

/** Converse input (the command input object). Never throws. */
export function parseConverseRequest(input: unknown, options?: ParseOptions): RequestInfo {
  const out: RequestInfo = { parsed: false };
  const b = obj(input);
  if (!b) return out;
  out.parsed = true;
  try {
    const cfg = obj(b.inferenceConfig);
    readSampling(cfg, { maxTokens: ['maxTokens'], topP: ['topP'] }, cfg?.stopSequences, out);
    // top_k is not a Converse field; each provider takes it through additionalModelRequestFields.
    const extra = obj(b.additionalModelRequestFields);
    const k = firstNum(extra, 'top_k', 'topK') ?? firstNum(obj(extra?.inferenceConfig), 'topK', 'top_k');
    if (k !== undefined) out.topK = k;
    applySystem(out, b.system);
    applyMessages(out, arr(b.messages) ?? [], contentOption(options));
  } catch {
    // Partial results stand.
  }
  return out;
}

/** Converse output object. Never throws. */
export function parseConverseResponse(output: unknown, options?: ParseOptions): ResponseInfo {
  const out: ResponseInfo = { finishReasons: [], rawStopReasons: [], usage: {}, parsed: false };
  const b = obj(output);
  if (!b) return out;
  out.parsed = true;
  try {
    addStop(out, b.stopReason);
    readConverseUsage(obj(b.usage), out.usage);
    const latency = num(obj(b.metrics)?.latencyMs);
    if (latency !== undefined) out.latencyMs = latency;
    // A prompt router says which model it picked; that model is what the call is billed as.
    const invoked = str(obj(obj(b.trace)?.promptRouter)?.invokedModelId);
    if (invoked) out.model = invoked;
    const message = obj(obj(b.output)?.message);
    if (message && contentOption(options)) {
      out.outputMessages = [outputMessage(toParts(message.content), str(b.stopReason))];
    }
  } catch {
    // Partial results stand.
  }
  return out;
}
