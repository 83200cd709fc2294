import { context, diag, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  isWrapped,
  safeExecuteInTheMiddle,
} from '@opentelemetry/instrumentation';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_OPERATION_BATCH_SIZE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_KENSA_RETRIEVAL_K,
  ATTR_KENSA_RETRIEVAL_LOW_RELEVANCE,
  ATTR_KENSA_RETRIEVAL_QUERY_TYPE,
  ATTR_KENSA_RETRIEVAL_RESULTS,
  ATTR_KENSA_RETRIEVAL_SCORE_MAX,
  ATTR_KENSA_RETRIEVAL_SCORE_MEAN,
  ATTR_KENSA_RETRIEVAL_SCORE_MIN,
  ATTR_KENSA_RETRIEVAL_TOOK_MS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_OPENSEARCH,
} from '@kensa/semconv';
import { captureContentFromEnv } from './configFromEnv';
import { queryText, searchRequestInfo, type TransportParams } from './searchRequest';
import { searchResponseFacts } from './searchResponse';
import type { OpenSearchInstrumentationConfig, SearchRequestInfo } from './types';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

type Callback = (err: unknown, result: unknown) => void;
type TransportRequest = (this: unknown, params: TransportParams, options?: unknown, callback?: Callback) => unknown;

interface ClientResult {
  body?: unknown;
  statusCode?: number | null;
  meta?: { connection?: { url?: URL } | null };
}

/** Supported client versions: the 2.x and 3.x lines share `Transport.prototype.request`. */
const SUPPORTED_VERSIONS = ['>=2.0.0 <4'];
const DEFAULT_LOW_RELEVANCE = 0.3;

/**
 * Spans for `search` and `msearch` calls of the OpenSearch JavaScript client (k-NN, neural and
 * script-score queries included): index, k, hit count, score distribution and server time, with
 * low relevance flagged. Patches `Transport.prototype.request`, through which every API method
 * goes, and returns the client's own promise (or calls the caller's callback) unchanged.
 */
export class OpenSearchInstrumentation extends InstrumentationBase<OpenSearchInstrumentationConfig> {
  constructor(config: OpenSearchInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, normalizeConfig(config));
  }

  override setConfig(config: OpenSearchInstrumentationConfig = {}): void {
    super.setConfig(normalizeConfig(config));
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        '@opensearch-project/opensearch',
        SUPPORTED_VERSIONS,
        (moduleExports: { Transport?: { prototype: { request: TransportRequest } } }) => {
          const proto = moduleExports?.Transport?.prototype;
          if (proto === undefined || typeof proto.request !== 'function') {
            diag.warn(`${PACKAGE_NAME}: @opensearch-project/opensearch exports no Transport; not instrumented`);
            return moduleExports;
          }
          if (isWrapped(proto.request)) this._unwrap(proto, 'request');
          this._wrap(proto, 'request', (original: TransportRequest) => this.patchRequest(original));
          return moduleExports;
        },
        (moduleExports: { Transport?: { prototype: { request: TransportRequest } } }) => {
          const proto = moduleExports?.Transport?.prototype;
          if (proto !== undefined && isWrapped(proto.request)) this._unwrap(proto, 'request');
        },
      ),
    ];
  }

  private patchRequest(original: TransportRequest): TransportRequest {
    const instrumentation = this;
    return function patchedRequest(this: unknown, params: TransportParams, options?: unknown, callback?: Callback): unknown {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments as unknown as unknown[];
      let span: Span | undefined;
      let info: SearchRequestInfo | undefined;
      try {
        info = params !== null && typeof params === 'object' ? searchRequestInfo(params) : undefined;
        if (info !== undefined) span = instrumentation.startSpan(params, info);
      } catch (error) {
        diag.debug(`${PACKAGE_NAME}: could not start a span`, error);
      }
      if (span === undefined || info === undefined) return original.apply(this, args as Parameters<TransportRequest>);
      const ended = instrumentation.ender(span);
      const spanContext = trace.setSpan(context.active(), span);

      const cbIndex = typeof options === 'function' ? 1 : typeof callback === 'function' ? 2 : -1;
      if (cbIndex !== -1) {
        const userCallback = args[cbIndex] as Callback;
        const wrapped = [...args];
        wrapped[cbIndex] = function (this: unknown, err: unknown, result: unknown) {
          ended(err, result);
          // eslint-disable-next-line prefer-rest-params
          return userCallback.apply(this, arguments as unknown as Parameters<Callback>);
        };
        try {
          return context.with(spanContext, () => original.apply(this, wrapped as Parameters<TransportRequest>));
        } catch (error) {
          ended(error, undefined);
          throw error;
        }
      }

      let returned: unknown;
      try {
        returned = context.with(spanContext, () => original.apply(this, args as Parameters<TransportRequest>));
      } catch (error) {
        ended(error, undefined);
        throw error;
      }
      try {
        const thenable = returned as { then?: (ok: (r: unknown) => void, fail: (e: unknown) => void) => unknown } | undefined;
        // A side chain: the caller keeps the client's own promise-like (with abort()), untouched.
        if (typeof thenable?.then === 'function') thenable.then((result) => ended(undefined, result), (error) => ended(error, undefined));
        else ended(undefined, undefined);
      } catch (error) {
        ended(error, undefined);
      }
      return returned;
    };
  }

  private startSpan(params: TransportParams, info: SearchRequestInfo): Span {
    const config = this.getConfig();
    const span = this.tracer.startSpan(info.index ? `${info.operation} ${info.index}` : info.operation, {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_OPENSEARCH,
        [ATTR_DB_OPERATION_NAME]: info.operation,
        [ATTR_KENSA_RETRIEVAL_QUERY_TYPE]: info.queryType,
        ...(info.index !== undefined ? { [ATTR_DB_COLLECTION_NAME]: info.index } : {}),
        ...(info.k !== undefined ? { [ATTR_KENSA_RETRIEVAL_K]: info.k } : {}),
        ...(info.batchSize !== undefined ? { [ATTR_DB_OPERATION_BATCH_SIZE]: info.batchSize } : {}),
      },
    });
    if (config.captureContent ?? captureContentFromEnv()) {
      const text = queryText(params);
      if (text !== undefined) span.setAttribute(ATTR_DB_QUERY_TEXT, text);
    }
    if (config.requestHook) {
      safeExecuteInTheMiddle(
        () => config.requestHook!(span, info),
        (e) => e && diag.warn(`${PACKAGE_NAME}: requestHook failed`, e),
        true,
      );
    }
    return span;
  }

  /** Ends the span once, from whichever of callback, promise or synchronous throw comes first. */
  private ender(span: Span): (error: unknown, result: unknown) => void {
    let done = false;
    return (error, result) => {
      if (done) return;
      done = true;
      try {
        this.finish(span, error, (result ?? (error as { meta?: unknown } | undefined)?.meta) as ClientResult | undefined);
      } catch (e) {
        diag.debug(`${PACKAGE_NAME}: could not annotate the span`, e);
      } finally {
        span.end();
      }
    };
  }

  private finish(span: Span, error: unknown, result: ClientResult | undefined): void {
    const config = this.getConfig();
    const url = result?.meta?.connection?.url;
    if (url instanceof URL) {
      span.setAttribute(ATTR_SERVER_ADDRESS, url.hostname);
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      span.setAttribute(ATTR_SERVER_PORT, port);
    }
    if (typeof result?.statusCode === 'number') span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, String(result.statusCode));
    if (error !== undefined && error !== null) {
      this.recordError(span, error, result);
    } else {
      const facts = searchResponseFacts(result?.body);
      span.setAttribute(ATTR_KENSA_RETRIEVAL_RESULTS, facts.results);
      if (facts.tookMs !== undefined) span.setAttribute(ATTR_KENSA_RETRIEVAL_TOOK_MS, facts.tookMs);
      if (facts.scores !== undefined) {
        span.setAttribute(ATTR_KENSA_RETRIEVAL_SCORE_MIN, facts.scores.min);
        span.setAttribute(ATTR_KENSA_RETRIEVAL_SCORE_MEAN, Math.round(facts.scores.mean * 10000) / 10000);
        span.setAttribute(ATTR_KENSA_RETRIEVAL_SCORE_MAX, facts.scores.max);
      }
      const threshold = config.lowRelevanceThreshold ?? DEFAULT_LOW_RELEVANCE;
      // No hits at all is the lowest relevance there is: nothing to ground the answer on.
      if (facts.scores === undefined ? facts.results === 0 : facts.scores.max < threshold) {
        span.setAttribute(ATTR_KENSA_RETRIEVAL_LOW_RELEVANCE, true);
      }
      if (facts.innerErrorType !== undefined) {
        // An msearch answers 200 even when some of its searches failed.
        span.setAttribute(ATTR_ERROR_TYPE, facts.innerErrorType);
        span.setStatus({ code: SpanStatusCode.ERROR, message: facts.innerErrorType });
      }
    }
    if (config.responseHook) {
      safeExecuteInTheMiddle(
        () => config.responseHook!(span, result),
        (e) => e && diag.warn(`${PACKAGE_NAME}: responseHook failed`, e),
        true,
      );
    }
  }

  private recordError(span: Span, error: unknown, result: ClientResult | undefined): void {
    const body = result?.body as { error?: { type?: unknown; reason?: unknown } | string } | undefined;
    const bodyType = typeof body?.error === 'object' && typeof body.error?.type === 'string' ? body.error.type : undefined;
    const name = error instanceof Error ? error.name : typeof error;
    const type = bodyType ?? name;
    span.setAttribute(ATTR_ERROR_TYPE, type);
    // Reasons can quote the query (query_shard_exception), so they are content.
    const capture = this.getConfig().captureContent ?? captureContentFromEnv();
    const reason = typeof body?.error === 'object' && typeof body.error?.reason === 'string' ? body.error.reason : undefined;
    const message = capture ? (reason ?? (error instanceof Error ? error.message : String(error))) : undefined;
    span.recordException({ name: type, message: message ?? `${type}${result?.statusCode ? ` (HTTP ${result.statusCode})` : ''}` });
    span.setStatus({ code: SpanStatusCode.ERROR, message: message ?? type });
  }
}

/**
 * Accepts the Kensa config file's spelling (`low_relevance_threshold`, `capture_content`) next to
 * the TypeScript one; a bad threshold warns and falls back to the default.
 */
function normalizeConfig(config: OpenSearchInstrumentationConfig): OpenSearchInstrumentationConfig {
  const {
    low_relevance_threshold: fileThreshold,
    capture_content: fileCapture,
    ...rest
  } = (config ?? {}) as OpenSearchInstrumentationConfig & { low_relevance_threshold?: unknown; capture_content?: unknown };
  const normalized: OpenSearchInstrumentationConfig = { ...rest };
  const threshold = rest.lowRelevanceThreshold ?? fileThreshold;
  if (threshold !== undefined) {
    if (typeof threshold === 'number' && Number.isFinite(threshold) && threshold >= 0) normalized.lowRelevanceThreshold = threshold;
    else {
      delete normalized.lowRelevanceThreshold;
      diag.warn(`${PACKAGE_NAME}: opensearch.low_relevance_threshold must be a non-negative number (got ${JSON.stringify(threshold)}); using ${DEFAULT_LOW_RELEVANCE}`);
    }
  }
  const capture = rest.captureContent ?? fileCapture;
  if (typeof capture === 'boolean') normalized.captureContent = capture;
  else delete normalized.captureContent;
  return normalized;
}
