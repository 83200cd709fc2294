import type { BedrockOperation } from './types';

export interface Route {
  operation: BedrockOperation;
  modelId?: string;
  knowledgeBaseId?: string;
}

const MODEL_ROUTE = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream)$/;
const RETRIEVE_ROUTE = /^\/knowledgebases\/([^/]+)\/retrieve$/;
const MODEL_OPERATIONS: Readonly<Record<string, BedrockOperation>> = {
  invoke: 'InvokeModel',
  'invoke-with-response-stream': 'InvokeModelWithResponseStream',
  converse: 'Converse',
  'converse-stream': 'ConverseStream',
};

/** Maps a request path to the Bedrock operation it addresses (the REST bindings of the service model). */
export function route(method: string, rawPath: string): Route {
  const path = rawPath.split('?', 1)[0] ?? '';
  if (method !== 'POST') return { operation: 'Unknown' };
  const model = MODEL_ROUTE.exec(path);
  if (model) return { operation: MODEL_OPERATIONS[model[2] ?? ''] ?? 'Unknown', modelId: safeDecode(model[1] ?? '') };
  const kb = RETRIEVE_ROUTE.exec(path);
  if (kb) return { operation: 'Retrieve', knowledgeBaseId: safeDecode(kb[1] ?? '') };
  if (path === '/retrieveAndGenerate') return { operation: 'RetrieveAndGenerate' };
  return { operation: 'Unknown' };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
