import type { Attributes } from '@opentelemetry/api';
import type { CallDeps } from './BedrockCall';
import type { CallStart } from './internal-types';
import { sc } from './names';

/** `{gen_ai.operation.name} {gen_ai.request.model}`; retrieval spans name the knowledge base instead. */
export function spanName(start: CallStart): string {
  const target = start.genAiOperation === sc.GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL ? (start.knowledgeBaseId ?? start.requestModel) : start.requestModel;
  return target ? `${start.genAiOperation} ${target}` : start.genAiOperation;
}

/** Attributes known before the call goes out (samplers see them). */
export function startAttributes(start: CallStart, deps: CallDeps): Attributes {
  const a: Attributes = {
    [sc.ATTR_GEN_AI_OPERATION_NAME]: start.genAiOperation,
    [sc.ATTR_GEN_AI_PROVIDER_NAME]: sc.GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
    [sc.ATTR_RPC_SERVICE]: start.operation.startsWith('Retrieve') ? 'BedrockAgentRuntime' : 'BedrockRuntime',
    [sc.ATTR_RPC_METHOD]: start.operation,
  };
  if (start.requestModel) a[sc.ATTR_GEN_AI_REQUEST_MODEL] = start.requestModel;
  if (start.genAiOperation !== sc.GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL) a[sc.ATTR_GEN_AI_REQUEST_STREAM] = start.stream;
  if (start.knowledgeBaseId) {
    a[sc.ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID] = start.knowledgeBaseId;
    a[sc.ATTR_GEN_AI_DATA_SOURCE_ID] = start.knowledgeBaseId;
  }
  const r = start.resolved;
  if (r) {
    a[sc.ATTR_KENSA_GEN_AI_MODEL_FAMILY] = r.family;
    if (r.baseId) a[sc.ATTR_KENSA_GEN_AI_MODEL_BASE_ID] = r.baseId;
    a[sc.ATTR_KENSA_GEN_AI_INFERENCE_PROFILE] = r.profile;
    if (r.profilePrefix) a[sc.ATTR_KENSA_GEN_AI_INFERENCE_PROFILE_PREFIX] = r.profilePrefix;
    if (r.info?.contextWindow !== undefined) a[sc.ATTR_KENSA_GEN_AI_MODEL_CONTEXT_WINDOW] = r.info.contextWindow;
  }
  const q = start.request;
  if (q) {
    if (q.maxTokens !== undefined) a[sc.ATTR_GEN_AI_REQUEST_MAX_TOKENS] = q.maxTokens;
    if (q.temperature !== undefined) a[sc.ATTR_GEN_AI_REQUEST_TEMPERATURE] = q.temperature;
    if (q.topP !== undefined) a[sc.ATTR_GEN_AI_REQUEST_TOP_P] = q.topP;
    if (q.topK !== undefined) a[sc.ATTR_GEN_AI_REQUEST_TOP_K] = q.topK;
    if (q.stopSequences && q.stopSequences.length > 0) a[sc.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = q.stopSequences;
    if (q.messageCount !== undefined) a[sc.ATTR_KENSA_GEN_AI_REQUEST_MESSAGE_COUNT] = q.messageCount;
    a[sc.ATTR_KENSA_GEN_AI_REQUEST_HAS_SYSTEM] = q.system !== undefined && q.system !== '';
    const content = deps.content;
    if (content) {
      const input = content.format(q.messages);
      if (input !== undefined) a[sc.ATTR_GEN_AI_INPUT_MESSAGES] = input;
      if (q.system) {
        const system = content.format([{ type: 'text', content: q.system }]);
        if (system !== undefined) a[sc.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = system;
      }
    }
  }
  return a;
}
