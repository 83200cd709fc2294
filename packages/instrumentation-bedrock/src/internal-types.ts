import type { ResolvedModel, RequestInfo } from '@kensa/bedrock';
import type { BedrockOperationName } from './types';

/** The parts of a Smithy client this instrumentation reads. */
export interface SmithyClientLike {
  middlewareStack?: MiddlewareStackLike;
  config?: unknown;
}

export interface MiddlewareStackLike {
  [method: string]: unknown;
}

/** The parts of a command this instrumentation reads. */
export interface CommandLike {
  input?: unknown;
  constructor?: { name?: string };
}

/** What the request tells us, decided before the call goes out. */
export interface CallStart {
  operation: BedrockOperationName;
  /** gen_ai.operation.name */
  genAiOperation: string;
  requestModel?: string;
  resolved?: ResolvedModel;
  request?: RequestInfo;
  knowledgeBaseId?: string;
  stream: boolean;
}

/** Response metadata the SDK puts on outputs and errors. */
export interface ResponseMetadataLike {
  requestId?: string;
  attempts?: number;
  totalRetryDelay?: number;
  httpStatusCode?: number;
}
