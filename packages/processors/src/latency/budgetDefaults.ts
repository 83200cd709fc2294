import data from '../../data/latency-budgets.json';
import type { ComponentBudget, ComponentRule } from '../types';

interface RawBudget {
  budget_ms: number;
  warning_ms: number;
  alarm_ms: number;
  critical_ms: number;
  self_time?: boolean;
}
interface RawRule {
  component: string;
  attribute?: string;
  equals?: string[];
  attribute_prefix?: string;
  span_name_contains?: string[];
  local_root?: boolean;
}

export function budgetFromRaw(raw: RawBudget): ComponentBudget {
  return {
    budgetMs: raw.budget_ms,
    warningMs: raw.warning_ms,
    alarmMs: raw.alarm_ms,
    criticalMs: raw.critical_ms,
    ...(raw.self_time ? { selfTime: true } : {}),
  };
}

export function ruleFromRaw(raw: RawRule): ComponentRule {
  const rule: ComponentRule = { component: raw.component };
  if (raw.attribute !== undefined) rule.attribute = raw.attribute;
  if (raw.equals !== undefined) rule.equals = raw.equals;
  if (raw.attribute_prefix !== undefined) rule.attributePrefix = raw.attribute_prefix;
  if (raw.span_name_contains !== undefined) rule.spanNameContains = raw.span_name_contains;
  if (raw.local_root !== undefined) rule.localRoot = raw.local_root;
  return rule;
}

/** End-to-end target of one request (REFERENCE.md), ms. */
export const DEFAULT_SLA_MS: number = data.sla_ms;

/** Budgets of the manga-assist components (DESIGN.md), from `data/latency-budgets.json`. */
export const DEFAULT_BUDGETS: Readonly<Record<string, ComponentBudget>> = Object.freeze(
  Object.fromEntries(Object.entries(data.budgets as Record<string, RawBudget>).map(([k, v]) => [k, budgetFromRaw(v)])),
);

/** The rules that map spans to those components, in the order they are tried. */
export const DEFAULT_COMPONENT_RULES: readonly ComponentRule[] = Object.freeze(
  (data.component_rules as RawRule[]).map(ruleFromRaw),
);
