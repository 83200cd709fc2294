import type { MeterProvider } from '@opentelemetry/api';

/** Thresholds of one latency-budget component, in milliseconds. */
export interface ComponentBudget {
  /** The component's share of the end-to-end budget. Utilization is duration / budgetMs. */
  budgetMs: number;
  /** Above this the span is `warning` (about 80% of the budget). */
  warningMs: number;
  /** At or above this the span is `exceeded` (the alarm threshold). */
  alarmMs: number;
  /** At or above this the span is `critical`. */
  criticalMs: number;
  /**
   * Measure the component by its own time (duration minus the time covered by its child spans).
   * Used for the orchestrator, whose span wraps the whole request.
   */
  selfTime?: boolean;
}

/**
 * Maps spans to a component. Every condition given must hold; the first matching rule wins, and
 * user rules are tried before the defaults. Matching is plain text (no regular expressions).
 */
export interface ComponentRule {
  component: string;
  /** Attribute that must be present (and equal one of `equals`, when given). */
  attribute?: string;
  /** Allowed values of `attribute`, compared as strings. */
  equals?: string[];
  /** Some attribute key starts with this prefix (`aws.dynamodb.`). */
  attributePrefix?: string;
  /** The span name contains one of these, case-insensitively. */
  spanNameContains?: string[];
  /** The span is the local root (no parent, or a remote parent). */
  localRoot?: boolean;
}

export interface LatencyBudgetConfig {
  /** End-to-end target of a request (local root span), ms. Default 3000. */
  slaMs?: number;
  /** Budgets by component; merged over the defaults (a component given here replaces the default). */
  budgets?: Record<string, ComponentBudget>;
  /** Extra rules, tried before the default rules. */
  componentRules?: ComponentRule[];
  /** Replace the default rules instead of extending them. Default false. */
  replaceDefaultRules?: boolean;
  /** At most this many requests (local roots) are tracked at once; the oldest is dropped. Default 10000. */
  maxTraces?: number;
  /** At most this many spans are remembered per request. Default 256. */
  maxSpansPerTrace?: number;
  /** A request whose root has not ended after this long is dropped, ms. Default 300000 (5 min). */
  traceTtlMs?: number;
  /** Durations above this are treated as bad clocks and ignored, ms. Default 3600000 (1 h). */
  maxPlausibleDurationMs?: number;
}

export interface ContextBudgetConfig {
  /** Practical prompt budget in tokens, output reserve included. Default 5000. */
  promptBudgetTokens?: number;
  /** Tokens kept for the answer, carved out of the budget. Default 1500. */
  outputReserveTokens?: number;
  /** Utilization above which the status is `warning`. Default 0.8. */
  warningRatio?: number;
  /** Utilization above which the status is `critical`. Default 0.95. */
  criticalRatio?: number;
  /**
   * Context window lookup for a model id when the span lacks `kensa.gen_ai.model.context_window`.
   * Default: the `@kensa/bedrock` catalogue (`resolveModel(id).info.contextWindow`).
   */
  contextWindowOf?: (modelId: string) => number | undefined;
}

/** One entry of the error-pattern catalogue. Matching is case-insensitive plain text. */
export interface ErrorPattern {
  id: string;
  name: string;
  category: string;
  transient: boolean;
  severity: 'low' | 'medium' | 'high' | 'critical';
  /** Error codes / class names that identify the pattern on their own (confidence ~0.95). */
  errorCodes: string[];
  /** Codes that identify it only with a message keyword or a context hit (~0.9). */
  weakCodes: string[];
  /** Substrings of the error message (~0.85). */
  messageKeywords: string[];
  /** Span attributes that place the failure in this pattern's service; any one is enough. */
  context: Array<{ attribute: string; equals: string[] }>;
  /** No match unless a context attribute matches. */
  contextRequired: boolean;
  rootCause: string;
  impact: string;
  /** One line, set on the span. */
  remediation: string;
  remediationSteps: string[];
}

export interface ErrorPatternConfig {
  /** Extra or replacing patterns (same id replaces), tried before the defaults. */
  patterns?: ErrorPattern[];
  /** Length of one trend window, ms. The trend compares the latest window with the one before. Default 300000. */
  trendWindowMs?: number;
  /**
   * How often users marked each pattern (by id) as a false positive. A pattern marked more than
   * {@link falsePositiveThreshold} times keeps matching, but with low confidence
   * (`CONFIDENCE.disputed`) and `kensa.error.pattern.false_positive_marks` on the span.
   */
  falsePositiveMarks?: Readonly<Record<string, number>>;
  /** Marks a pattern may have before its confidence drops. Default 3 ("more than 3 times"). */
  falsePositiveThreshold?: number;
}

export interface CorrelationConfig {
  /**
   * Baggage keys copied onto spans and log records. Default: session.id, user.id, kensa.request.id,
   * kensa.conversation.turn.
   */
  keys?: string[];
  /**
   * Keys copied even when the baggage entry came from outside (incoming headers). Default none:
   * only entries set by {@link withRequestContext} are trusted.
   */
  allowUntrustedKeys?: string[];
  /** Also write the session id as `gen_ai.conversation.id`. Default true. */
  sessionAsConversationId?: boolean;
}

export interface KensaProcessorsConfig {
  /** `false` turns the processor off; an object configures it. */
  correlation?: CorrelationConfig | false;
  contextBudget?: ContextBudgetConfig | false;
  errorPattern?: ErrorPatternConfig | false;
  latencyBudget?: LatencyBudgetConfig | false;
  /** Where the processors record their metrics. Default: the global MeterProvider, looked up when first needed. */
  meterProvider?: MeterProvider;
}

/** The ids of one user request, set by {@link withRequestContext}. */
export interface RequestContext {
  sessionId?: string;
  userId?: string;
  requestId?: string;
  turn?: number;
}
