import type { OutputCollector } from './OutputCollector';
import type { RequestInfo, ResponseInfo, Usage } from './types';
import type { Obj } from './values';

/** What a stream aggregator accumulates; a family's chunk handler writes into it. */
export interface StreamState {
  id?: string;
  model?: string;
  rawStopReasons: string[];
  usage: Usage;
  latencyMs?: number;
  firstByteLatencyMs?: number;
  errorType?: string;
  output: OutputCollector;
}

/** One model family's body shapes (the registry in `families/index.ts` maps family → parser). */
export interface FamilyParser {
  /** Fill `out` from an InvokeModel request body (already a JSON object). */
  request(body: Obj, out: RequestInfo, content: boolean): void;
  /** Fill `out` from an InvokeModel response body (already a JSON object). */
  response(body: Obj, out: ResponseInfo, content: boolean): void;
  /** Take one InvokeModelWithResponseStream chunk; true when it carried generated content. */
  chunk(chunk: Obj, state: StreamState): boolean;
  /**
   * UTF-8 prefixes of stream chunks that carry generated content and nothing else (no id, usage,
   * stop reason or invocation metrics). When content is not captured, such a chunk after the first
   * content-bearing one is not decoded: a long answer is hundreds of them.
   */
  contentOnlyChunkPrefixes?: readonly Uint8Array[];
}
