/**
 * The machine-readable report (`kensa report --json`). Its JSON Schema is `schema/report.schema.json`
 * in this package; bump {@link REPORT_SCHEMA_VERSION} on any incompatible change.
 */
export const REPORT_SCHEMA_VERSION = 1 as const;

export type BudgetStatusName = 'within_budget' | 'warning' | 'exceeded' | 'critical';
export type TrendDirection = 'increasing' | 'stable' | 'decreasing';

export interface InputSummary {
  files: string[];
  bytes: number;
  lines: number;
  traceLines: number;
  metricLines: number;
  logLines: number;
  spans: number;
  /** Root spans seen (one per request). */
  traces: number;
  metricDataPoints: number;
  logRecords: number;
  skippedLines: number;
  startMs: number | null;
  endMs: number | null;
}

export interface SlaSection {
  targetMs: number;
  requests: number;
  met: number;
  violated: number;
  /** met / requests, null when no root span was seen. */
  compliance: number | null;
}

export interface ComponentLatency {
  component: string;
  count: number;
  budgetMs: number | null;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** True when the percentiles are exact (≤ 65,536 samples); otherwise DDSketch, within 0.5%. */
  exact: boolean;
  /** Status of the p99 against the budget thresholds; null for components without a budget. */
  p99Status: BudgetStatusName | null;
  /** Spans per budget status. */
  statusCounts: Record<BudgetStatusName, number>;
}

export interface BottleneckShare {
  component: string;
  /** Slow (SLA-violating) traces this component was the bottleneck of. */
  slowTraces: number;
  /** Share of all slow traces' time spent in this component, 0..1. */
  shareOfSlowTime: number;
}

export interface WaterfallSpan {
  spanId: string;
  parentSpanId: string;
  name: string;
  component: string | null;
  /** Offset from the trace's root start, ms. */
  offsetMs: number;
  durationMs: number;
  depth: number;
  error: boolean;
}

export interface SlowTrace {
  traceId: string;
  startMs: number;
  durationMs: number;
  slaMet: boolean;
  bottleneck: string | null;
  bottleneckShare: number | null;
  /** Exclusive time per component, ms. */
  breakdown: Record<string, number>;
  model: string | null;
  sessionId: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  errorPatterns: string[];
  spans: WaterfallSpan[];
}

export interface BottleneckSection {
  overall: BottleneckShare | null;
  byComponent: BottleneckShare[];
  /** The slowest traces, slowest first, each with its bottleneck and waterfall. */
  slowTraces: SlowTrace[];
}

export interface SpanAnomalyGroup {
  component: string;
  count: number;
  /** Worst examples by robust score. */
  examples: { traceId: string; startMs: number; valueMs: number; thresholdMs: number; rule: 'sigma' | 'mad' | 'both'; score: number }[];
}

export interface WindowAnomaly {
  /** A component, or `request` for the end-to-end latency. */
  component: string;
  windowStartMs: number;
  p99Ms: number;
  baselineP99Ms: number;
  thresholdMs: number;
}

export interface LatencyTrend {
  /** A component, or `request` for the end-to-end latency. */
  component: string;
  metric: 'p99';
  direction: TrendDirection;
  z: number;
  slopeMsPerHour: number;
  firstP99Ms: number;
  lastP99Ms: number;
  windows: number;
}

export interface AnomalySection {
  method: string;
  spans: SpanAnomalyGroup[];
  windows: WindowAnomaly[];
  trends: LatencyTrend[];
}

export interface ErrorPatternRow {
  id: string;
  name: string | null;
  category: string | null;
  severity: string | null;
  transient: boolean | null;
  count: number;
  /** Share of all failed spans, 0..1. */
  share: number;
  trend: TrendDirection;
  /** Remediation steps from the catalogue (or the span's one-line remediation). */
  remediation: string[];
  rootCause: string | null;
  firstSeenMs: number;
  lastSeenMs: number;
  exampleTraceId: string;
  exampleMessage: string;
  /**
   * How often users marked this pattern false positive (`kensa mark-false-positive`), when that is
   * more than the threshold and its matches have low confidence; otherwise null.
   */
  falsePositiveMarks: number | null;
}

export interface ErrorSection {
  failedSpans: number;
  patterns: ErrorPatternRow[];
}

export interface CostRow {
  key: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export interface CostSection {
  calls: number;
  totalUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  byModel: CostRow[];
  byOperation: CostRow[];
  topSessions: CostRow[];
  /** True when more sessions were seen than tracked, so session figures are lower bounds. */
  sessionsApproximate: boolean;
  /** Model calls whose finish reasons include `content_filter` (a guardrail or filter blocked the answer). */
  contentFilteredCalls: number;
}

export interface ContextExample {
  traceId: string;
  sessionId: string | null;
  model: string | null;
  utilization: number;
  status: string;
  largestSection: string | null;
}

export interface ContextSection {
  checked: number;
  warning: number;
  critical: number;
  maxUtilization: number | null;
  largestSections: Record<string, number>;
  examples: ContextExample[];
}

export interface RetrievalSection {
  searches: number;
  lowRelevance: number;
  meanScore: number | null;
  worstMaxScore: number | null;
}

export interface TimelineWindow {
  startMs: number;
  requests: number;
  /** End-to-end (root span) latency percentiles of the window; null without requests. */
  requestP50Ms: number | null;
  requestP90Ms: number | null;
  requestP99Ms: number | null;
  slaMet: number;
  components: Record<string, { count: number; p50Ms: number; p90Ms: number; p99Ms: number }>;
  errors: Record<string, number>;
  costUsd: number;
}

/** One finding of the report's ranked diagnosis (first = what to look at first). */
export interface Diagnosis {
  /** `EP-001`…, `UNKNOWN`, `budget:<component>`, `context:critical`, `context:warning`, `low_relevance` or `healthy`. */
  id: string;
  kind: 'error_pattern' | 'latency_budget' | 'context_budget' | 'retrieval' | 'healthy';
  title: string;
  evidence: string;
  /** Spans, calls or searches the finding covers. */
  affected: number;
  /** Share of requests touched times how much it hurts; findings are sorted by it. */
  score: number;
  remediation: string[];
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  /** Ranked findings: the injected cause of a fault comes first. */
  diagnosis: Diagnosis[];
  input: InputSummary;
  sla: SlaSection;
  components: ComponentLatency[];
  bottleneck: BottleneckSection;
  anomalies: AnomalySection;
  errors: ErrorSection;
  cost: CostSection;
  context: ContextSection;
  retrieval: RetrievalSection;
  timeline: { windowMs: number; windows: TimelineWindow[] };
}
