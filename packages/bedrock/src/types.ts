/**
 * Public types of @kensa/bedrock. This package is pure: no OpenTelemetry, no I/O, no exceptions
 * thrown for bad input (parsers return partial results; resolution returns `undefined`).
 */

/** A model family: decides which body parser applies and how the model is named. */
export type ModelFamily =
  | 'anthropic.claude'
  | 'amazon.nova'
  | 'amazon.titan-text'
  | 'amazon.titan-embed'
  | 'meta.llama'
  | 'mistral'
  | 'cohere.command'
  | 'cohere.embed'
  | 'ai21.jamba'
  | 'deepseek'
  | 'openai'
  | 'qwen'
  | 'writer'
  | 'unknown';

/** Prices in USD per one million tokens. Absent cache prices mean the model has no prompt cache. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** One entry of the model catalogue. */
export interface ModelInfo {
  /** Base model id without version suffix handling, e.g. `anthropic.claude-3-5-sonnet-20241022-v2:0`. */
  id: string;
  family: ModelFamily;
  /** Human name, e.g. `Claude 3.5 Sonnet v2`. */
  name: string;
  /** Context window in tokens. */
  contextWindow: number;
  /** Maximum output tokens, where documented. */
  maxOutputTokens?: number;
  /** On-demand price (us-east-1), per 1M tokens. */
  price: ModelPrice;
  /**
   * Share added to every price when the call does not go through a `global.` profile (e.g. `0.1` for the
   * 10% regional/geographic endpoint premium of Claude 4.5 and later). Absent means no premium.
   */
  regionalPremium?: number;
}

/** How the model id the application passed was addressed. */
export type InferenceProfileKind =
  | 'none'
  | 'cross_region'
  | 'global'
  | 'application'
  | 'provisioned'
  | 'custom'
  /** A Bedrock intelligent prompt router (`…:default-prompt-router/…`, `…:prompt-router/…`). */
  | 'prompt_router'
  | 'unknown';

/** The result of resolving any model id or ARN the application may pass. */
export interface ResolvedModel {
  /** Exactly what the application passed. */
  requestedId: string;
  /** The base foundation-model id, when it could be determined. */
  baseId?: string;
  family: ModelFamily;
  /** The catalogue entry, when the base id is in the catalogue. */
  info?: ModelInfo;
  profile: InferenceProfileKind;
  /** `us`, `eu`, `apac`, `jp`, `us-gov`, `global` for cross-region/global profiles. */
  profilePrefix?: string;
  /** Region parsed from an ARN, if any. */
  region?: string;
}

/** Token usage of one call. Undefined fields were not reported. */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  /** True when any count is an estimate rather than the service's figure. */
  estimated?: boolean;
}

/** Normalized finish reason (OTel GenAI values). */
export type FinishReason = 'stop' | 'length' | 'tool_call' | 'content_filter' | 'error';

/** What a request body tells us (never throws; absent fields were not present or not parseable). */
export interface RequestInfo {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  /** Number of messages (chat) or 1 for a single prompt. */
  messageCount?: number;
  /** System prompt text, when the body carries one. */
  system?: string;
  /** Messages as OTel GenAI input-message objects (role + parts), for opt-in content capture. */
  messages?: GenAiMessage[];
  /** Character counts per section, used to estimate context sections. */
  chars?: { system: number; history: number; user: number };
  /** The operation the body's shape implies (e.g. `prompt` → text_completion, `messages` → chat). */
  kind?: 'chat' | 'text_completion' | 'embeddings';
  /** False when the body was not valid JSON. */
  parsed: boolean;
}

/** What a response body (or an aggregated stream) tells us. */
export interface ResponseInfo {
  id?: string;
  /** Model the response names, if any. */
  model?: string;
  finishReasons: FinishReason[];
  /** The provider's raw stop reasons, before normalization. */
  rawStopReasons: string[];
  usage: Usage;
  /** Server-side latency the service reported, in ms. */
  latencyMs?: number;
  /** Server-side time to the first byte of a stream, in ms (`amazon-bedrock-invocationMetrics.firstByteLatency`). */
  firstByteLatencyMs?: number;
  /** Name of an exception event a stream carried (e.g. `throttlingException`); finish reason is then `error`. */
  errorType?: string;
  /** True when captured output text was cut at the aggregator's `maxContentChars`. */
  contentTruncated?: boolean;
  /** Output messages as OTel GenAI output-message objects, for opt-in content capture. */
  outputMessages?: GenAiMessage[];
  parsed: boolean;
}

/** OTel GenAI message shape (gen_ai.input.messages / gen_ai.output.messages). */
export interface GenAiMessage {
  role: string;
  parts: Array<{ type: string; content?: unknown; [key: string]: unknown }>;
  finish_reason?: string;
}

/** Cost of one call in USD. Absent when the model has no known price. */
export interface Cost {
  inputUsd: number;
  outputUsd: number;
  cacheReadUsd: number;
  cacheWriteUsd: number;
  totalUsd: number;
  /**
   * What the prompt cache saved on this call: the cache-read and cache-write tokens priced at the standard
   * input rate, minus what they cost. Negative when writing the cache cost more than reading it saved
   * (a first call pays the write premium; later hits earn it back), so a sum over calls is the net saving.
   */
  cacheSavingsUsd: number;
  /**
   * True when the service reported cache tokens for a model without a catalogued cache price, so they were
   * priced at the standard input rate.
   */
  estimated?: boolean;
}

/** Options of the parse functions and stream aggregators. */
export interface ParseOptions {
  /** Build `messages` / `outputMessages` (default true). Turn off when content capture is disabled to save work. */
  content?: boolean;
  /** Most characters of generated text a stream aggregator keeps for `outputMessages` (default 65536). */
  maxContentChars?: number;
}

/** User configuration the resolution and cost functions honour. */
export interface CatalogOverrides {
  /** Extra or replacement models, keyed by base id. */
  models?: Record<string, Partial<ModelInfo> & { price?: ModelPrice }>;
  /** Opaque ARNs (application profiles, provisioned throughput, custom models) → base model id. */
  arnMappings?: Record<string, string>;
}
