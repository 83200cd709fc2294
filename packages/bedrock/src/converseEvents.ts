import { readConverseUsage, streamStop, streamText } from './common';
import type { StreamState } from './internal-types';
import { num, obj, str, type Obj } from './values';

/** Exception members of the ConverseStream union (and of Nova's InvokeModel stream). */
const EXCEPTIONS = [
  'internalServerException',
  'modelStreamErrorException',
  'validationException',
  'throttlingException',
  'serviceUnavailableException',
] as const;

/**
 * One ConverseStream event, also the shape of Nova's InvokeModelWithResponseStream chunks. Returns true when
 * the event carried generated content (text, reasoning or tool input).
 */
export function handleConverseEvent(e: Obj, state: StreamState): boolean {
  const delta = obj(obj(e.contentBlockDelta)?.delta);
  if (delta) {
    if (delta.text !== undefined) return streamText(state, delta.text);
    const toolUse = obj(delta.toolUse);
    if (toolUse) {
      const input = str(toolUse.input);
      if (input) state.output.appendToolInput(input);
      return input !== undefined && input.length > 0;
    }
    const reasoning = obj(delta.reasoningContent);
    if (reasoning) return streamText(state, reasoning.text, 'reasoning');
    return false;
  }
  const start = obj(obj(e.contentBlockStart)?.start);
  if (start) {
    const toolUse = obj(start.toolUse);
    if (toolUse) {
      state.output.startToolCall(toolUse.toolUseId, toolUse.name);
      return true;
    }
    return false;
  }
  const stop = obj(e.messageStop);
  if (stop) {
    streamStop(state, stop.stopReason);
    return false;
  }
  const metadata = obj(e.metadata);
  if (metadata) {
    readConverseUsage(obj(metadata.usage), state.usage);
    const latency = num(obj(metadata.metrics)?.latencyMs);
    if (latency !== undefined) state.latencyMs = latency;
    const invoked = str(obj(obj(metadata.trace)?.promptRouter)?.invokedModelId);
    if (invoked) state.model = invoked;
    return false;
  }
  if (e.messageStart !== undefined || e.contentBlockStop !== undefined) return false;
  for (const name of EXCEPTIONS) {
    if (e[name] !== undefined) {
      state.errorType = name;
      return false;
    }
  }
  return false;
}
