/**
 * Every attribute, metric and event name Kensa writes, defined once.
 *
 * GenAI, database and error names are copied from the OpenTelemetry semantic conventions
 * (the JS package marks its gen_ai keys deprecated in favour of a GenAI-only package, and
 * incubating keys may change between releases, so we pin the strings we emit here).
 * Names OpenTelemetry has no key for live under `kensa.`.
 */

// ---------------------------------------------------------------------------------------------
// GenAI (OpenTelemetry GenAI semantic conventions)
// ---------------------------------------------------------------------------------------------

/** The operation requested of the model: `chat`, `text_completion`, `embeddings`, `retrieval`, … */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name' as const;
/** The GenAI provider; always {@link GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK} for Bedrock calls. */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name' as const;
/** The model id as the application passed it (base id, inference-profile id or ARN). */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model' as const;
/** Maximum number of tokens the model may generate. */
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens' as const;
/** Sampling temperature. */
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature' as const;
/** Nucleus-sampling probability mass. */
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p' as const;
/** Top-k sampling cut-off. */
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k' as const;
/** Stop sequences, as a string array. */
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences' as const;
/** Frequency penalty. */
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty' as const;
/** Presence penalty. */
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty' as const;
/** Seed for reproducible sampling. */
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed' as const;
/** Number of candidate completions requested. */
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count' as const;
/** Whether the response was requested as a stream. */
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream' as const;
/** The response identifier the provider returned (e.g. Anthropic's `msg_…`). */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id' as const;
/** The model that actually answered, when the response names it. */
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model' as const;
/** Why generation stopped, normalized: `stop`, `length`, `tool_call`, `content_filter`, `error`. */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons' as const;
/** Seconds from the request until the first content-bearing chunk reached the application. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk' as const;
/** Input (prompt) tokens, including cached ones as the provider reports them. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens' as const;
/** Output (completion) tokens. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens' as const;
/** Input tokens served from the provider's prompt cache. */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens' as const;
/** Input tokens written to the provider's prompt cache. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens' as const;
/** Chat history sent to the model (JSON). Recorded only when content capture is on. */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages' as const;
/** Messages the model returned (JSON). Recorded only when content capture is on. */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages' as const;
/** System instructions sent to the model (JSON). Recorded only when content capture is on. */
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions' as const;
/** The conversation (session) the call belongs to. */
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id' as const;
/** The data source a retrieval ran against. */
export const ATTR_GEN_AI_DATA_SOURCE_ID = 'gen_ai.data_source.id' as const;
/** Kind of token a `gen_ai.client.token.usage` data point counts: `input` or `output`. */
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type' as const;

export const GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK = 'aws.bedrock' as const;

export const GEN_AI_OPERATION_NAME_VALUE_CHAT = 'chat' as const;
export const GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION = 'text_completion' as const;
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = 'embeddings' as const;
export const GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL = 'retrieval' as const;
export const GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT = 'generate_content' as const;
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT = 'invoke_agent' as const;

export const GEN_AI_TOKEN_TYPE_VALUE_INPUT = 'input' as const;
export const GEN_AI_TOKEN_TYPE_VALUE_OUTPUT = 'output' as const;

/** Normalized finish reasons (the raw provider value is kept in {@link ATTR_KENSA_GEN_AI_RESPONSE_STOP_REASON}). */
export const GEN_AI_FINISH_REASON_VALUES = ['stop', 'length', 'tool_call', 'content_filter', 'error'] as const;
export type GenAiFinishReason = (typeof GEN_AI_FINISH_REASON_VALUES)[number];

/** Log-record event name for the per-call structured record. */
export const EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS = 'gen_ai.client.inference.operation.details' as const;

// ---------------------------------------------------------------------------------------------
// General OpenTelemetry attributes we set
// ---------------------------------------------------------------------------------------------

/** Class of error: the AWS error name (`ThrottlingException`), an error class name, or `_OTHER`. */
export const ATTR_ERROR_TYPE = 'error.type' as const;
export const ERROR_TYPE_VALUE_OTHER = '_OTHER' as const;
export const ATTR_SERVER_ADDRESS = 'server.address' as const;
export const ATTR_SERVER_PORT = 'server.port' as const;
/** Marks the one series into which measurements beyond a metric's cardinality limit are folded (as the metrics SDK does). */
export const ATTR_OTEL_METRIC_OVERFLOW = 'otel.metric.overflow' as const;
/** AWS request id returned by the service. */
export const ATTR_AWS_REQUEST_ID = 'aws.request_id' as const;
/** Bedrock knowledge base a Retrieve/RetrieveAndGenerate call ran against. */
export const ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID = 'aws.bedrock.knowledge_base.id' as const;
/** Bedrock guardrail applied to the call. */
export const ATTR_AWS_BEDROCK_GUARDRAIL_ID = 'aws.bedrock.guardrail.id' as const;
/** A conversation (session) identifier. */
export const ATTR_SESSION_ID = 'session.id' as const;
/** The end user's identifier. */
export const ATTR_USER_ID = 'user.id' as const;
export const ATTR_DB_SYSTEM_NAME = 'db.system.name' as const;
export const ATTR_DB_OPERATION_NAME = 'db.operation.name' as const;
export const ATTR_DB_COLLECTION_NAME = 'db.collection.name' as const;
export const ATTR_DB_NAMESPACE = 'db.namespace' as const;
export const ATTR_DB_RESPONSE_STATUS_CODE = 'db.response.status_code' as const;
export const ATTR_DB_QUERY_TEXT = 'db.query.text' as const;
export const DB_SYSTEM_NAME_VALUE_OPENSEARCH = 'opensearch' as const;

// ---------------------------------------------------------------------------------------------
// kensa.* — what OpenTelemetry has no name for
// ---------------------------------------------------------------------------------------------

/** Cost of the input tokens that were neither read from nor written to the cache, in USD. */
export const ATTR_KENSA_GEN_AI_COST_INPUT_USD = 'kensa.gen_ai.cost.input_usd' as const;
/** Cost of the output tokens, in USD. */
export const ATTR_KENSA_GEN_AI_COST_OUTPUT_USD = 'kensa.gen_ai.cost.output_usd' as const;
/** Cost of the input tokens read from the prompt cache, in USD. */
export const ATTR_KENSA_GEN_AI_COST_CACHE_READ_USD = 'kensa.gen_ai.cost.cache_read_usd' as const;
/** Cost of the input tokens written to the prompt cache, in USD. */
export const ATTR_KENSA_GEN_AI_COST_CACHE_WRITE_USD = 'kensa.gen_ai.cost.cache_write_usd' as const;
/**
 * What the prompt cache saved on the call, in USD: the cached (read and written) tokens at the standard
 * input price minus what they cost. Negative when the cache-write premium outweighs this call's reads;
 * summed over calls it is the net saving. Present when the call read or wrote the cache.
 */
export const ATTR_KENSA_GEN_AI_COST_CACHE_SAVINGS_USD = 'kensa.gen_ai.cost.cache_savings_usd' as const;
/** Total cost of the call, in USD. */
export const ATTR_KENSA_GEN_AI_COST_TOTAL_USD = 'kensa.gen_ai.cost.total_usd' as const;
/** True when the model has no known price: the cost attributes are then absent, never 0. */
export const ATTR_KENSA_GEN_AI_COST_UNKNOWN_MODEL = 'kensa.gen_ai.cost.unknown_model' as const;
/** True when token counts were estimated rather than reported by the service. */
export const ATTR_KENSA_GEN_AI_USAGE_ESTIMATED = 'kensa.gen_ai.usage.estimated' as const;
/** Model family (`anthropic.claude`, `amazon.nova`, `meta.llama`, …). */
export const ATTR_KENSA_GEN_AI_MODEL_FAMILY = 'kensa.gen_ai.model.family' as const;
/** Base model id after resolving profiles and ARNs (`anthropic.claude-3-5-sonnet-20241022-v2:0`). */
export const ATTR_KENSA_GEN_AI_MODEL_BASE_ID = 'kensa.gen_ai.model.base_id' as const;
/** The model's context window in tokens. */
export const ATTR_KENSA_GEN_AI_MODEL_CONTEXT_WINDOW = 'kensa.gen_ai.model.context_window' as const;
/** Inference profile kind: `none`, `cross_region`, `global`, `application`, `provisioned`, `custom`. */
export const ATTR_KENSA_GEN_AI_INFERENCE_PROFILE = 'kensa.gen_ai.inference_profile' as const;
/** Geography prefix of a cross-region inference profile (`us`, `eu`, `apac`, `jp`, `us-gov`, `global`). */
export const ATTR_KENSA_GEN_AI_INFERENCE_PROFILE_PREFIX = 'kensa.gen_ai.inference_profile.prefix' as const;
/** The provider's raw stop reason, before normalization. */
export const ATTR_KENSA_GEN_AI_RESPONSE_STOP_REASON = 'kensa.gen_ai.response.stop_reason' as const;
/** Server-side latency Bedrock reported (Converse `metrics.latencyMs`, stream invocation metrics), in ms. */
export const ATTR_KENSA_GEN_AI_RESPONSE_SERVER_LATENCY_MS = 'kensa.gen_ai.response.server_latency_ms' as const;
/** Number of messages in the request. */
export const ATTR_KENSA_GEN_AI_REQUEST_MESSAGE_COUNT = 'kensa.gen_ai.request.message_count' as const;
/** True when the request carried a system prompt. */
export const ATTR_KENSA_GEN_AI_REQUEST_HAS_SYSTEM = 'kensa.gen_ai.request.has_system' as const;
/** Number of chunks (events) a streamed response delivered. */
export const ATTR_KENSA_GEN_AI_RESPONSE_CHUNK_COUNT = 'kensa.gen_ai.response.chunk_count' as const;
/**
 * How a stream ended: `completed`, `incomplete` (ended without the model's stop reason, e.g. a reset connection the SDK
 * reported as a normal end), `error`, `cancelled` (consumer stopped early or aborted), `idle_timeout` (never drained).
 */
export const ATTR_KENSA_GEN_AI_STREAM_END = 'kensa.gen_ai.stream.end' as const;
/** Client-side duration of a GenAI call in ms, on the per-call log record (the span carries it as its own duration). */
export const ATTR_KENSA_GEN_AI_DURATION_MS = 'kensa.gen_ai.duration_ms' as const;
/** Outcome of a GenAI call on the per-call log record: `ok` or `error`. */
export const ATTR_KENSA_GEN_AI_STATUS = 'kensa.gen_ai.status' as const;
/** Number of attempts the AWS SDK made (1 = no retry). */
export const ATTR_KENSA_AWS_ATTEMPTS = 'kensa.aws.attempts' as const;
/** Total delay the AWS SDK spent between retries, in ms. */
export const ATTR_KENSA_AWS_TOTAL_RETRY_DELAY_MS = 'kensa.aws.total_retry_delay_ms' as const;

/** One user message (request) the span belongs to. */
export const ATTR_KENSA_REQUEST_ID = 'kensa.request.id' as const;
/** The conversation turn number within the session. */
export const ATTR_KENSA_CONVERSATION_TURN = 'kensa.conversation.turn' as const;

/** Latency-budget component the span was mapped to (`bedrock_invoke`, `redis_cache`, …). */
export const ATTR_KENSA_BUDGET_COMPONENT = 'kensa.budget.component' as const;
/** The component's budget in ms. */
export const ATTR_KENSA_BUDGET_LIMIT_MS = 'kensa.budget.limit_ms' as const;
/** Span duration divided by the budget (1.0 = exactly on budget). */
export const ATTR_KENSA_BUDGET_UTILIZATION = 'kensa.budget.utilization' as const;
/** `within_budget`, `warning`, `exceeded` or `critical`. */
export const ATTR_KENSA_BUDGET_STATUS = 'kensa.budget.status' as const;
export const BUDGET_STATUS_VALUES = ['within_budget', 'warning', 'exceeded', 'critical'] as const;
export type BudgetStatus = (typeof BUDGET_STATUS_VALUES)[number];

/** End-to-end target of the request, in ms (root span). */
export const ATTR_KENSA_SLA_TARGET_MS = 'kensa.sla.target_ms' as const;
/** Whether the request met its end-to-end target (root span). */
export const ATTR_KENSA_SLA_MET = 'kensa.sla.met' as const;
/** Prefix of the per-component time on the root span: `kensa.sla.component_ms.<component>`. */
export const ATTR_KENSA_SLA_COMPONENT_MS_PREFIX = 'kensa.sla.component_ms.' as const;
/** The per-component time key on the root span for one component. */
export function attrKensaSlaComponentMs(component: string): string {
  return `${ATTR_KENSA_SLA_COMPONENT_MS_PREFIX}${component}`;
}
/** The component that took the largest share of the request (root span). */
export const ATTR_KENSA_BOTTLENECK_COMPONENT = 'kensa.bottleneck.component' as const;
/** That component's share of the root span's duration, 0..1. */
export const ATTR_KENSA_BOTTLENECK_SHARE = 'kensa.bottleneck.share' as const;

/** Prompt tokens divided by the practical prompt budget. */
export const ATTR_KENSA_CONTEXT_UTILIZATION = 'kensa.context.utilization' as const;
/** Prompt tokens divided by the model's context window. */
export const ATTR_KENSA_CONTEXT_WINDOW_UTILIZATION = 'kensa.context.window_utilization' as const;
/** `normal`, `warning` or `critical`. */
export const ATTR_KENSA_CONTEXT_STATUS = 'kensa.context.status' as const;
export const CONTEXT_STATUS_VALUES = ['normal', 'warning', 'critical'] as const;
export type ContextStatus = (typeof CONTEXT_STATUS_VALUES)[number];
/** The prompt section with the most tokens (`system`, `history`, `retrieved`, `user`). */
export const ATTR_KENSA_CONTEXT_LARGEST_SECTION = 'kensa.context.largest_section' as const;
/** The practical prompt budget the utilization is computed against, in tokens. */
export const ATTR_KENSA_CONTEXT_BUDGET_TOKENS = 'kensa.context.budget_tokens' as const;
/** True when section sizes were estimated from characters rather than counted. */
export const ATTR_KENSA_CONTEXT_ESTIMATED = 'kensa.context.estimated' as const;
/** Prefix of per-section token counts: `kensa.context.section.<section>_tokens`. */
export const ATTR_KENSA_CONTEXT_SECTION_PREFIX = 'kensa.context.section.' as const;
export const CONTEXT_SECTION_VALUES = ['system', 'history', 'retrieved', 'user', 'output_reserve'] as const;
export type ContextSection = (typeof CONTEXT_SECTION_VALUES)[number];
/** The per-section token key for one section. */
export function attrKensaContextSectionTokens(section: ContextSection): string {
  return `${ATTR_KENSA_CONTEXT_SECTION_PREFIX}${section}_tokens`;
}

/** Catalogue id of the matched error pattern (`EP-001` … or `UNKNOWN`). */
export const ATTR_KENSA_ERROR_PATTERN_ID = 'kensa.error.pattern.id' as const;
export const ATTR_KENSA_ERROR_PATTERN_NAME = 'kensa.error.pattern.name' as const;
/** `throttling`, `timeout`, `token_limit`, `vector_search`, `content_filter`, … */
export const ATTR_KENSA_ERROR_PATTERN_CATEGORY = 'kensa.error.pattern.category' as const;
/** Whether the failure is expected to go away on retry. */
export const ATTR_KENSA_ERROR_PATTERN_TRANSIENT = 'kensa.error.pattern.transient' as const;
/** `low`, `medium`, `high` or `critical`. */
export const ATTR_KENSA_ERROR_PATTERN_SEVERITY = 'kensa.error.pattern.severity' as const;
/** 0..1: ~0.95 for an exact error-code match, ~0.85 for a message pattern. */
export const ATTR_KENSA_ERROR_PATTERN_CONFIDENCE = 'kensa.error.pattern.confidence' as const;
/** A one-line remediation. */
export const ATTR_KENSA_ERROR_PATTERN_REMEDIATION = 'kensa.error.pattern.remediation' as const;
/**
 * How often users marked the matched pattern as a false positive (`kensa mark-false-positive`), set
 * only when that is more than the threshold (default 3) and the confidence was lowered for it.
 */
export const ATTR_KENSA_ERROR_PATTERN_FALSE_POSITIVE_MARKS = 'kensa.error.pattern.false_positive_marks' as const;
export const ERROR_PATTERN_ID_VALUE_UNKNOWN = 'UNKNOWN' as const;
/** Gauge of each pattern's trend over sliding windows: 1 increasing, 0 stable, -1 decreasing. */
export const METRIC_KENSA_ERROR_PATTERN_TREND = 'kensa.error.pattern.trend' as const;
/** The exception's class or error code, on `exception` span events. */
export const ATTR_EXCEPTION_TYPE = 'exception.type' as const;
/** The exception's message, on `exception` span events. */
export const ATTR_EXCEPTION_MESSAGE = 'exception.message' as const;
/** Name of the span event that records an exception. */
export const EVENT_EXCEPTION = 'exception' as const;
/** Remote service of an RPC call; the AWS SDK instrumentation sets the AWS service (`DynamoDB`, `BedrockRuntime`). */
export const ATTR_RPC_SERVICE = 'rpc.service' as const;
/** Remote method of an RPC call (`InvokeModel`, `PostToConnection`, …). */
export const ATTR_RPC_METHOD = 'rpc.method' as const;
/** Pre-1.26 name of `db.system.name`, still emitted by several contrib instrumentations (redis, ioredis). */
export const ATTR_DB_SYSTEM = 'db.system' as const;
/** The cloud region a call went to. */
export const ATTR_CLOUD_REGION = 'cloud.region' as const;

/** Number of results requested from a vector search (k). */
export const ATTR_KENSA_RETRIEVAL_K = 'kensa.retrieval.k' as const;
/** Number of results the search returned. */
export const ATTR_KENSA_RETRIEVAL_RESULTS = 'kensa.retrieval.results' as const;
export const ATTR_KENSA_RETRIEVAL_SCORE_MIN = 'kensa.retrieval.score.min' as const;
export const ATTR_KENSA_RETRIEVAL_SCORE_MEAN = 'kensa.retrieval.score.mean' as const;
export const ATTR_KENSA_RETRIEVAL_SCORE_MAX = 'kensa.retrieval.score.max' as const;
/** True when the best score is below the low-relevance threshold. */
export const ATTR_KENSA_RETRIEVAL_LOW_RELEVANCE = 'kensa.retrieval.low_relevance' as const;
/** Server-side search time the engine reported (`took`), in ms. */
export const ATTR_KENSA_RETRIEVAL_TOOK_MS = 'kensa.retrieval.took_ms' as const;
/** Kind of vector query: `knn`, `neural`, `script_score`, `hybrid` or `other` (keyword, match, …). */
export const ATTR_KENSA_RETRIEVAL_QUERY_TYPE = 'kensa.retrieval.query_type' as const;
/** Number of queries in a batch operation (OpenSearch `_msearch`). */
export const ATTR_DB_OPERATION_BATCH_SIZE = 'db.operation.batch.size' as const;

// ---------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------

/** Histogram of tokens per call, by `gen_ai.token.type`. Unit `{token}`. */
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage' as const;
/** Histogram of call duration in seconds, failures included (with `error.type`). */
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration' as const;
/** Histogram of the time until the first content-bearing chunk of a stream, in seconds. */
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk' as const;
/** Counter of spend in USD. */
export const METRIC_KENSA_GEN_AI_CLIENT_COST = 'kensa.gen_ai.client.cost' as const;
/**
 * Histogram of a component's time in one request / its budget, by component: one point per request
 * and component, recorded when the request's local root ends (the time it reports as
 * `kensa.sla.component_ms.<component>`).
 */
export const METRIC_KENSA_BUDGET_UTILIZATION = 'kensa.budget.utilization' as const;
/** Counter of requests that missed their end-to-end target. */
export const METRIC_KENSA_SLA_VIOLATIONS = 'kensa.sla.violations' as const;
/** Histogram of prompt tokens / practical prompt budget. */
export const METRIC_KENSA_CONTEXT_UTILIZATION = 'kensa.context.utilization' as const;
/** Counter of failures by matched pattern and category. */
export const METRIC_KENSA_ERROR_PATTERN_COUNT = 'kensa.error.pattern.count' as const;

/** Bucket boundaries the GenAI conventions specify for `gen_ai.client.token.usage`. */
export const GEN_AI_TOKEN_USAGE_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
] as const;
/** Bucket boundaries the GenAI conventions specify for `gen_ai.client.operation.duration` (seconds). */
export const GEN_AI_DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
] as const;
/** Bucket boundaries for utilization ratios (budget and context). */
export const KENSA_UTILIZATION_BUCKETS = [0.1, 0.25, 0.5, 0.8, 0.95, 1, 1.25, 1.5, 2, 3, 5] as const;

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/** Opt-in to recording prompt and response text. Off unless exactly `true`. */
export const ENV_CAPTURE_MESSAGE_CONTENT = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT' as const;
/** Path of the Kensa config file (YAML or JSON): budgets, prices, patterns. */
export const ENV_KENSA_CONFIG = 'KENSA_CONFIG' as const;
/** Directory for the file exporter's `traces.jsonl`, `metrics.jsonl`, `logs.jsonl`; setting it turns file export on. */
export const ENV_KENSA_EXPORT_DIR = 'KENSA_EXPORT_DIR' as const;
/** Bytes a file exporter may buffer while the disk is slow before it drops (and warns once). */
export const ENV_KENSA_EXPORT_MAX_PENDING_BYTES = 'KENSA_EXPORT_MAX_PENDING_BYTES' as const;
/** Upper bound, in ms, on flushing telemetry at SIGTERM/SIGINT or exit. */
export const ENV_KENSA_SHUTDOWN_TIMEOUT_MS = 'KENSA_SHUTDOWN_TIMEOUT_MS' as const;
/** Comma-separated instrumentation names the distro must not enable (`http,redis`). */
export const ENV_KENSA_DISABLED_INSTRUMENTATIONS = 'KENSA_DISABLED_INSTRUMENTATIONS' as const;

// ---------------------------------------------------------------------------------------------
// Bedrock model-invocation-log aggregation (@kensa/invocation-logs): CloudWatch names
// CloudWatch metric and dimension names follow CloudWatch's PascalCase habit (like AWS/Bedrock's
// own `InputTokenCount`), so alarms and dashboards built for AWS/Bedrock read the same way.
// ---------------------------------------------------------------------------------------------

/** Default CloudWatch namespace the aggregated invocation-log metrics are published under. */
export const CW_NAMESPACE_KENSA_INVOCATION_LOGS = 'Kensa/Bedrock/InvocationLogs' as const;
/** Model invocations recorded in the logs (failed ones included). Unit Count. */
export const CW_METRIC_INVOCATIONS = 'Invocations' as const;
/** Input tokens the logs report (`input.inputTokenCount`). Unit Count. */
export const CW_METRIC_INPUT_TOKEN_COUNT = 'InputTokenCount' as const;
/** Output tokens the logs report (`output.outputTokenCount`). Unit Count. */
export const CW_METRIC_OUTPUT_TOKEN_COUNT = 'OutputTokenCount' as const;
/** Input tokens read from the prompt cache (`input.cacheReadInputTokenCount`). Unit Count. */
export const CW_METRIC_CACHE_READ_INPUT_TOKEN_COUNT = 'CacheReadInputTokenCount' as const;
/** Input tokens written to the prompt cache (`input.cacheWriteInputTokenCount`). Unit Count. */
export const CW_METRIC_CACHE_WRITE_INPUT_TOKEN_COUNT = 'CacheWriteInputTokenCount' as const;
/** Estimated on-demand cost in USD; absent (never 0) for models without a known price. Unit None. */
export const CW_METRIC_COST_USD = 'EstimatedCostUSD' as const;
/** Invocations whose record carries an `errorCode`, with the {@link CW_DIM_ERROR_CODE} dimension. Unit Count. */
export const CW_METRIC_INVOCATION_ERRORS = 'InvocationErrors' as const;
/** Invocations served outside the source region (cross-region share = this / Invocations, via metric math). */
export const CW_METRIC_CROSS_REGION_INVOCATIONS = 'CrossRegionInvocations' as const;
/** Log lines skipped by the aggregator, with the {@link CW_DIM_SKIP_REASON} dimension (a BMAS code). Unit Count. */
export const CW_METRIC_SKIPPED_RECORDS = 'SkippedRecords' as const;

/** Model family from the catalogue (`anthropic.claude`, `amazon.nova`, …). */
export const CW_DIM_MODEL_FAMILY = 'ModelFamily' as const;
/** Base foundation-model id after resolving profiles and ARNs. */
export const CW_DIM_BASE_MODEL_ID = 'BaseModelId' as const;
/** Inference profile kind: `none`, `cross_region`, `global`, `application`, `provisioned`, `custom`, `unknown`. */
export const CW_DIM_INFERENCE_PROFILE = 'InferenceProfile' as const;
/** Profile geography prefix (`us`, `eu`, `global`, …), application-profile id, or `none`. */
export const CW_DIM_INFERENCE_PROFILE_ID = 'InferenceProfileId' as const;
/** Region the application called (`region` of the record). */
export const CW_DIM_SOURCE_REGION = 'SourceRegion' as const;
/** Region that served the call (`inferenceRegion`, or the source region when absent). */
export const CW_DIM_INFERENCE_REGION = 'InferenceRegion' as const;
/** Bedrock API operation (`InvokeModel`, `Converse`, …). */
export const CW_DIM_OPERATION = 'Operation' as const;
/** Caller identity (role ARN without the session name by default). */
export const CW_DIM_IDENTITY = 'Identity' as const;
/** Bedrock error code of a failed invocation (`ThrottlingException`, …). */
export const CW_DIM_ERROR_CODE = 'ErrorCode' as const;
/** Why a log line was skipped: a BMAS code. */
export const CW_DIM_SKIP_REASON = 'SkipReason' as const;
