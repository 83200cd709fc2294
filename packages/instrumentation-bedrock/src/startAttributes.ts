import type { Attributes, Span } from '@opentelemetry/api';
import type { CallDeps } from './BedrockCall';
import type { CallStart } from './internal-types';
import { sc } from './names';

/** `{gen_ai.operation.name} {gen_ai.request.model}`; retrieval spans name the knowledge base instead. */
export function spanName(start: CallStart): string {
  const target = start.genAiOperation === sc.GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL ? (start.knowledgeBaseId ?? start.requestModel) : start.requestModel;
  return target ? `${start.genAiOperation} ${target}` : start.genAiOperation;
}

/**
 * The attributes the GenAI conventions ask for at span creation, so samplers can decide on them:
 * the operation, the provider and the requested model (the endpoint is known only once the SDK has
 * resolved it). Everything else the request tells goes on with `setRequestAttributes`.
 */
export function samplingAttributes(start: CallStart): Attributes {
  const a: Attributes = {
    [sc.ATTR_GEN_AI_OPERATION_NAME]: start.genAiOperation,
    [sc.ATTR_GEN_AI_PROVIDER_NAME]: sc.GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
  };
  if (start.requestModel) a[sc.ATTR_GEN_AI_REQUEST_MODEL] = start.requestModel;
  return a;
}

/**
 * The rest of what is known before the call goes out, set on the started span. Start attributes
 * cost the SDK three passes each (it sanitizes them twice and sets them one by one) and a
 * setAttribute one; for the ~15 a call has, that was ~5 µs a call in `npm run bench:bedrock`.
 */
export function setRequestAttributes(span: Span, start: CallStart, deps: CallDeps): void {
  span.setAttribute(sc.ATTR_RPC_SERVICE, start.operation.startsWith('Retrieve') ? 'BedrockAgentRuntime' : 'BedrockRuntime');
  span.setAttribute(sc.ATTR_RPC_METHOD, start.operation);
  if (start.genAiOperation !== sc.GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL) span.setAttribute(sc.ATTR_GEN_AI_REQUEST_STREAM, start.stream);
  if (start.knowledgeBaseId) {
    span.setAttribute(sc.ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID, start.knowledgeBaseId);
    span.setAttribute(sc.ATTR_GEN_AI_DATA_SOURCE_ID, start.knowledgeBaseId);
  }
  const r = start.resolved;
  if (r) {
    span.setAttribute(sc.ATTR_KENSA_GEN_AI_MODEL_FAMILY, r.family);
    if (r.baseId) span.setAttribute(sc.ATTR_KENSA_GEN_AI_MODEL_BASE_ID, r.baseId);
    span.setAttribute(sc.ATTR_KENSA_GEN_AI_INFERENCE_PROFILE, r.profile);
    if (r.profilePrefix) span.setAttribute(sc.ATTR_KENSA_GEN_AI_INFERENCE_PROFILE_PREFIX, r.profilePrefix);
    if (r.info?.contextWindow !== undefined) span.setAttribute(sc.ATTR_KENSA_GEN_AI_MODEL_CONTEXT_WINDOW, r.info.contextWindow);
  }
  const q = start.request;
  if (q) {
    if (q.maxTokens !== undefined) span.setAttribute(sc.ATTR_GEN_AI_REQUEST_MAX_TOKENS, q.maxTokens);
    if (q.temperature !== undefined) span.setAttribute(sc.ATTR_GEN_AI_REQUEST_TEMPERATURE, q.temperature);
    if (q.topP !== undefined) span.setAttribute(sc.ATTR_GEN_AI_REQUEST_TOP_P, q.topP);
    if (q.topK !== undefined) span.setAttribute(sc.ATTR_GEN_AI_REQUEST_TOP_K, q.topK);
    if (q.stopSequences && q.stopSequences.length > 0) span.setAttribute(sc.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, q.stopSequences);
    if (q.messageCount !== undefined) span.setAttribute(sc.ATTR_KENSA_GEN_AI_REQUEST_MESSAGE_COUNT, q.messageCount);
    span.setAttribute(sc.ATTR_KENSA_GEN_AI_REQUEST_HAS_SYSTEM, q.system !== undefined && q.system !== '');
    const content = deps.content;
    if (content) {
      const input = content.format(q.messages);
      if (input !== undefined) span.setAttribute(sc.ATTR_GEN_AI_INPUT_MESSAGES, input);
      if (q.system) {
        const system = content.format([{ type: 'text', content: q.system }]);
        if (system !== undefined) span.setAttribute(sc.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, system);
      }
    }
  }
}
