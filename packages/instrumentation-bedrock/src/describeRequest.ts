import {
  invokeOperationName,
  parseConverseRequest,
  parseInvokeRequest,
  resolveModel,
  type CatalogOverrides,
  type ResolvedModel,
} from '@kensa/bedrock';
import { GEN_AI_OPERATION_NAME_VALUE_CHAT, GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL } from '@kensa/semconv';
import type { CallStart } from './internal-types';
import type { BedrockOperationName } from './types';

/** By the command class's name, as the SDK names them: one lookup a call, no string built. */
const RUNTIME_OPERATIONS = new Map<string, BedrockOperationName>(
  (['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'] as const).map((op) => [`${op}Command`, op]),
);
const AGENT_OPERATIONS = new Map<string, BedrockOperationName>((['Retrieve', 'RetrieveAndGenerate'] as const).map((op) => [`${op}Command`, op]));

/** The operation a command runs, or `undefined` for commands this instrumentation leaves alone. */
export function operationOf(command: unknown, service: 'runtime' | 'agent'): BedrockOperationName | undefined {
  const ctorName = (command as { constructor?: { name?: unknown } } | undefined)?.constructor?.name;
  if (typeof ctorName !== 'string') return undefined;
  return (service === 'runtime' ? RUNTIME_OPERATIONS : AGENT_OPERATIONS).get(ctorName);
}

// Apps call a handful of model ids; resolving one means parsing prefixes and ARNs, so keep the
// results (bounded, and keyed by overrides so a config change is honoured).
const RESOLVED = new Map<string, ResolvedModel>();
const MAX_RESOLVED = 256;
let resolvedFor: CatalogOverrides | undefined;

function resolve(modelId: string, overrides: CatalogOverrides | undefined): ResolvedModel {
  if (overrides !== resolvedFor) {
    RESOLVED.clear();
    resolvedFor = overrides;
  }
  let resolved = RESOLVED.get(modelId);
  if (!resolved) {
    resolved = resolveModel(modelId, overrides);
    if (RESOLVED.size >= MAX_RESOLVED) RESOLVED.clear();
    RESOLVED.set(modelId, resolved);
  }
  return resolved;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads the command input once, before the call; never throws (the parsers never do). */
export function describeRequest(operation: BedrockOperationName, input: unknown, content: boolean, overrides?: CatalogOverrides): CallStart {
  const i = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  switch (operation) {
    case 'InvokeModel':
    case 'InvokeModelWithResponseStream': {
      const requestModel = str(i['modelId']);
      const resolved = resolve(requestModel ?? '', overrides);
      const request = parseInvokeRequest(resolved.family, i['body'], { content });
      return {
        operation,
        genAiOperation: invokeOperationName(resolved.family, request),
        requestModel,
        resolved,
        request,
        stream: operation === 'InvokeModelWithResponseStream',
      };
    }
    case 'Converse':
    case 'ConverseStream': {
      const requestModel = str(i['modelId']);
      return {
        operation,
        genAiOperation: GEN_AI_OPERATION_NAME_VALUE_CHAT,
        requestModel,
        resolved: resolve(requestModel ?? '', overrides),
        request: parseConverseRequest(input, { content }),
        stream: operation === 'ConverseStream',
      };
    }
    case 'Retrieve':
      return { operation, genAiOperation: GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL, knowledgeBaseId: str(i['knowledgeBaseId']), stream: false };
    case 'RetrieveAndGenerate': {
      const config = i['retrieveAndGenerateConfiguration'] as
        | { knowledgeBaseConfiguration?: { knowledgeBaseId?: unknown; modelArn?: unknown }; externalSourcesConfiguration?: { modelArn?: unknown } }
        | undefined;
      const kb = config?.knowledgeBaseConfiguration;
      const requestModel = str(kb?.modelArn) ?? str(config?.externalSourcesConfiguration?.modelArn);
      return {
        operation,
        genAiOperation: GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL,
        knowledgeBaseId: str(kb?.knowledgeBaseId),
        requestModel,
        ...(requestModel ? { resolved: resolve(requestModel, overrides) } : {}),
        stream: false,
      };
    }
  }
}
