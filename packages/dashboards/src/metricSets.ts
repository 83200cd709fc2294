import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_KENSA_BOTTLENECK_COMPONENT,
  ATTR_KENSA_BUDGET_COMPONENT,
  ATTR_KENSA_ERROR_PATTERN_CATEGORY,
  ATTR_KENSA_ERROR_PATTERN_ID,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_KENSA_BUDGET_UTILIZATION,
  METRIC_KENSA_CONTEXT_UTILIZATION,
  METRIC_KENSA_ERROR_PATTERN_COUNT,
  METRIC_KENSA_GEN_AI_CLIENT_COST,
  METRIC_KENSA_SLA_VIOLATIONS,
} from '@kensa/semconv';

/**
 * One CloudWatch metric as EMF publishes it: a metric name and the exact dimension set of one of the
 * collector's `metric_declarations`. CloudWatch matches metrics on the whole set, so every widget and
 * alarm reads one of these and nothing else (a test checks them against collector/sidecar.yaml).
 */
export interface MetricSet {
  readonly metric: string;
  readonly dimensions: readonly string[];
}

function set(metric: string, ...dimensions: string[]): MetricSet {
  return { metric, dimensions };
}

/** Every call of every model: the whole Bedrock spend, call count and latency in one series. */
export const DURATION_ALL = set(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, ATTR_GEN_AI_PROVIDER_NAME);
export const DURATION_BY_MODEL = set(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, ATTR_GEN_AI_REQUEST_MODEL, ATTR_GEN_AI_OPERATION_NAME);
/** Failed calls only: a data point has `error.type` only when the call failed. */
export const DURATION_ERRORS = set(
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_ERROR_TYPE,
);
export const TOKENS_BY_TYPE = set(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, ATTR_GEN_AI_TOKEN_TYPE);
export const TOKENS_BY_MODEL = set(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, ATTR_GEN_AI_REQUEST_MODEL, ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_TOKEN_TYPE);
export const COST_ALL = set(METRIC_KENSA_GEN_AI_CLIENT_COST, ATTR_GEN_AI_PROVIDER_NAME);
export const COST_BY_MODEL = set(METRIC_KENSA_GEN_AI_CLIENT_COST, ATTR_GEN_AI_REQUEST_MODEL);
export const SLA_VIOLATIONS = set(METRIC_KENSA_SLA_VIOLATIONS, ATTR_KENSA_BOTTLENECK_COMPONENT);
export const BUDGET_UTILIZATION = set(METRIC_KENSA_BUDGET_UTILIZATION, ATTR_KENSA_BUDGET_COMPONENT);
export const CONTEXT_UTILIZATION = set(METRIC_KENSA_CONTEXT_UTILIZATION, ATTR_GEN_AI_REQUEST_MODEL);
export const ERROR_PATTERNS = set(METRIC_KENSA_ERROR_PATTERN_COUNT, ATTR_KENSA_ERROR_PATTERN_ID, ATTR_KENSA_ERROR_PATTERN_CATEGORY);

/** Every set the template reads, for the cross-checks against the collector config and real telemetry. */
export const METRIC_SETS: readonly MetricSet[] = [
  DURATION_ALL,
  DURATION_BY_MODEL,
  DURATION_ERRORS,
  TOKENS_BY_TYPE,
  TOKENS_BY_MODEL,
  COST_ALL,
  COST_BY_MODEL,
  SLA_VIOLATIONS,
  BUDGET_UTILIZATION,
  CONTEXT_UTILIZATION,
  ERROR_PATTERNS,
];

/** `"a","b"` — dimension names quoted for a SEARCH schema or a Metrics Insights SCHEMA(). */
export function quotedDimensions(s: MetricSet): string {
  return s.dimensions.map((d) => `"${d}"`).join(',');
}

/**
 * A dashboard SEARCH over exactly this dimension set. `{ns,dims}` matches only metrics with exactly
 * those dimensions; `extra` narrows on dimension values (`"error.type"="ThrottlingException"`).
 */
export function search(s: MetricSet, stat: string, periodS: number, extra = ''): string {
  const filter = extra ? ` ${extra}` : '';
  return `SEARCH('{"\${Namespace}",${quotedDimensions(s)}} MetricName="${s.metric}"${filter}', '${stat}', ${periodS})`;
}

/** A Metrics Insights aggregate over every metric of this exact dimension set (alarms may use these). */
export function insights(s: MetricSet, fn: 'SUM' | 'COUNT' | 'AVG' | 'MAX', where = ''): string {
  const clause = where ? ` WHERE ${where}` : '';
  return `SELECT ${fn}("${s.metric}") FROM SCHEMA("\${Namespace}", ${quotedDimensions(s)})${clause}`;
}
