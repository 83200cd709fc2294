import type { IncomingHttpHeaders } from 'node:http';

/** A fixed latency in ms, or a range `[min, max]` drawn from uniformly for each search. */
export type OpenSearchLatency = number | readonly [number, number];

/** One stored document: its id and `_source`. */
export interface OpenSearchDocument {
  _id: string;
  _source: Record<string, unknown>;
}

/** One hit of a scripted answer. `_index` defaults to the searched index. */
export interface OpenSearchHit {
  _id: string;
  _score: number | null;
  _source?: Record<string, unknown>;
  _index?: string;
}

/** Errors the server can answer with, as OpenSearch reports them. */
export type OpenSearchErrorKind =
  /** 404 `index_not_found_exception`. */
  | 'index_not_found'
  /** 400 `search_phase_execution_exception` (e.g. a k-NN query against a field of another dimension). */
  | 'search_phase_execution'
  /** 500 `search_phase_execution_exception` (all shards failed on the node side). */
  | 'search_phase_execution_500'
  /** 429 `rejected_execution_exception` (search thread pool queue full). */
  | 'rejected_execution';

/** What the server does with one search (one `_search`, or one entry of an `_msearch`). */
export type OpenSearchScript =
  | { hits: OpenSearchHit[]; took?: number; timedOut?: boolean }
  | { scores: number[] }
  | { error: OpenSearchErrorKind; reason?: string }
  /** Accept the request and never answer: the client's request timeout fires. */
  | { hang: true };

/** A search as the server parsed it. */
export interface OpenSearchSearchRequest {
  /** 0-based arrival order of HTTP requests since start (or `reset()`). */
  index: number;
  method: string;
  path: string;
  operation: 'search' | 'msearch' | 'other';
  /** Target index from the path or the msearch header (`undefined` = all indices). */
  targetIndex: string | undefined;
  headers: IncomingHttpHeaders;
  /** The search body (for msearch: one entry per search, in order). */
  bodies: unknown[];
  /** k of the first knn/neural clause, else `size`. */
  k: number | undefined;
}

export interface OpenSearchServerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Latency per request, fixed or drawn from a range (the example uses `[100, 200]`). Default 0. */
  latencyMs?: OpenSearchLatency;
  /** Seed for the latency and score draws, for repeatable runs. */
  seed?: number;
  /** Indices and their documents. Default: `manga-index` with the built-in manga catalogue. */
  indices?: Record<string, OpenSearchDocument[]>;
  /** Scores of the hits, best first, used when no script says otherwise. Default: drawn, realistic cosine scores. */
  scores?: number[];
  /** Decides the answer per search; `undefined` falls through to the queue and the defaults. */
  respond?: (request: OpenSearchSearchRequest, searchIndex: number) => OpenSearchScript | undefined;
}
