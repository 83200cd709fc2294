import type { Span } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** What the instrumentation read from one search request. */
export interface SearchRequestInfo {
  operation: 'search' | 'msearch';
  /** Index (or comma-separated indices) from the path or, for msearch, the shared header index. */
  index: string | undefined;
  /** Requested k summed over the searches (`size` when the query has no knn/neural clause). */
  k: number | undefined;
  queryType: 'knn' | 'neural' | 'script_score' | 'hybrid' | 'other';
  /** Number of searches in an `_msearch`. */
  batchSize: number | undefined;
}

export interface OpenSearchInstrumentationConfig extends InstrumentationConfig {
  /**
   * A search whose best score is below this is marked `kensa.retrieval.low_relevance=true`
   * (stale embeddings after a re-index show up as relevance below ~0.3). Default 0.3.
   */
  lowRelevanceThreshold?: number;
  /**
   * Record the query (`db.query.text`, vectors elided). Default: the
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` environment variable (`true` to enable).
   */
  captureContent?: boolean;
  /** Called after the span started, with what was read from the request. Errors are caught. */
  requestHook?: (span: Span, info: SearchRequestInfo) => void;
  /** Called before the span ends with the client's result (or error `meta`). Errors are caught. */
  responseHook?: (span: Span, result: unknown) => void;
}
