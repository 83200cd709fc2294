import { DEFAULT_BUDGETS as PROCESSOR_BUDGETS, DEFAULT_SLA_MS } from '@kensa/processors';

/** Thresholds of one component, in ms (the processors' budget shape). */
export interface ComponentBudget {
  readonly budgetMs: number;
  readonly warningMs: number;
  readonly alarmMs: number;
  readonly criticalMs: number;
}

/**
 * Budgets used where spans carry no `kensa.budget.limit_ms` (an app without the Kensa processors):
 * the processors' own defaults, so the CLI and the processors never disagree.
 */
export const DEFAULT_BUDGETS: Readonly<Record<string, ComponentBudget>> = PROCESSOR_BUDGETS;

/** Components in request order (the budgets file lists them that way), so tables read like the request flows. */
export const DEFAULT_COMPONENT_ORDER: readonly string[] = Object.keys(PROCESSOR_BUDGETS);

/** End-to-end target when the root span carries no `kensa.sla.target_ms`. */
export const DEFAULT_SLA_TARGET_MS: number = DEFAULT_SLA_MS;
