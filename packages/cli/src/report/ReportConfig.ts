import {
  DEFAULT_BUDGETS,
  DEFAULT_COMPONENT_RULES,
  DEFAULT_ERROR_PATTERNS,
  DEFAULT_FALSE_POSITIVE_THRESHOLD,
  DEFAULT_SLA_MS,
  disputedPatterns,
  processorsConfigFromEnv,
  type ComponentBudget,
  type ComponentRule,
  type ErrorPattern,
  type KensaProcessorsConfig,
} from '@kensa/processors';

/** Budgets, component rules, SLA and error patterns: the processors' defaults, or the user's config file. */
export interface ReportConfig {
  slaMs: number;
  budgets: Readonly<Record<string, ComponentBudget>>;
  /** Components in request order, so tables read like the request flows. */
  componentOrder: readonly string[];
  rules: readonly ComponentRule[];
  patterns: readonly ErrorPattern[];
  /** Patterns marked false positive more often than the threshold, with their marks: reported at low confidence. */
  disputed: ReadonlyMap<string, number>;
  /** The config's false-positive threshold (default 3). */
  falsePositiveThreshold: number;
}

export const DEFAULT_REPORT_CONFIG: ReportConfig = {
  slaMs: DEFAULT_SLA_MS,
  budgets: DEFAULT_BUDGETS,
  componentOrder: Object.keys(DEFAULT_BUDGETS),
  rules: DEFAULT_COMPONENT_RULES,
  patterns: DEFAULT_ERROR_PATTERNS,
  disputed: new Map(),
  falsePositiveThreshold: DEFAULT_FALSE_POSITIVE_THRESHOLD,
};

/**
 * The same config the processors run with (`KENSA_CONFIG=path.yaml|json`), so the report judges
 * spans by the budgets and patterns the application was configured with. Merged as the processors
 * merge it: user budgets replace defaults per component, user rules and patterns are tried first.
 */
export function reportConfigFrom(config: KensaProcessorsConfig): ReportConfig {
  const latency = config.latencyBudget === false ? undefined : config.latencyBudget;
  const errors = config.errorPattern === false ? undefined : config.errorPattern;
  const budgets = { ...DEFAULT_BUDGETS, ...(latency?.budgets ?? {}) };
  const userPatterns = errors?.patterns ?? [];
  const userIds = new Set(userPatterns.map((p) => p.id));
  return {
    slaMs: latency?.slaMs ?? DEFAULT_SLA_MS,
    budgets,
    componentOrder: Object.keys(budgets),
    rules: latency?.replaceDefaultRules === true ? (latency.componentRules ?? []) : [...(latency?.componentRules ?? []), ...DEFAULT_COMPONENT_RULES],
    patterns: [...userPatterns, ...DEFAULT_ERROR_PATTERNS.filter((p) => !userIds.has(p.id))],
    disputed: disputedPatterns(errors?.falsePositiveMarks, errors?.falsePositiveThreshold),
    falsePositiveThreshold: errors?.falsePositiveThreshold ?? DEFAULT_FALSE_POSITIVE_THRESHOLD,
  };
}

export function reportConfigFromEnv(env: Record<string, string | undefined>): ReportConfig {
  return reportConfigFrom(processorsConfigFromEnv(env));
}
