import { warnOnce } from '../diagOnce';
import { patternFromRaw } from '../errors/catalogue';
import type {
  ComponentBudget,
  ComponentRule,
  ContextBudgetConfig,
  CorrelationConfig,
  ErrorPattern,
  KensaProcessorsConfig,
  LatencyBudgetConfig,
} from '../types';

/** Result of reading a config-file object: the config to use and what was wrong with the input. */
export interface LoadedProcessorsConfig {
  config: KensaProcessorsConfig;
  problems: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

class Reader {
  readonly problems: string[] = [];

  problem(message: string): void {
    this.problems.push(message);
  }

  positive(obj: Obj, key: string, where: string, opts: { integer?: boolean; max?: number } = {}): number | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    const ok =
      typeof v === 'number' && Number.isFinite(v) && v > 0 && (!opts.integer || Number.isInteger(v)) && (opts.max === undefined || v <= opts.max);
    if (!ok) {
      this.problem(
        `${where}${key} must be a positive ${opts.integer ? 'integer' : 'number'}${opts.max !== undefined ? ` no larger than ${opts.max}` : ''} (got ${JSON.stringify(v)}); using the default`,
      );
      return undefined;
    }
    return v as number;
  }

  nonNegativeInteger(obj: Obj, key: string, where: string): number | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    this.problem(`${where}${key} must be a whole number, 0 or more (got ${JSON.stringify(v)}); using the default`);
    return undefined;
  }

  strings(obj: Obj, key: string, where: string): string[] | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 200)) {
      this.problem(`${where}${key} must be a list of non-empty strings (≤ 200 characters); using the default`);
      return undefined;
    }
    return v as string[];
  }

  section(root: Obj, key: string): Obj | false | undefined {
    const v = root[key];
    if (v === undefined) return undefined;
    if (v === false) return false;
    if (!isObj(v)) {
      this.problem(`${key} must be an object or false; using the defaults`);
      return undefined;
    }
    return v;
  }

  unknownKeys(obj: Obj, known: readonly string[], where: string): void {
    for (const k of Object.keys(obj)) if (!known.includes(k)) this.problem(`${where}${k} is not a known key; it was ignored`);
  }
}

function readBudget(r: Reader, raw: unknown, where: string): ComponentBudget | undefined {
  if (!isObj(raw)) {
    r.problem(`${where} must be an object with budget_ms, warning_ms, alarm_ms, critical_ms; using the default for it`);
    return undefined;
  }
  r.unknownKeys(raw, ['budget_ms', 'warning_ms', 'alarm_ms', 'critical_ms', 'self_time'], `${where}.`);
  const budgetMs = r.positive(raw, 'budget_ms', `${where}.`);
  if (budgetMs === undefined) {
    if (raw['budget_ms'] === undefined) r.problem(`${where}.budget_ms is required; using the default for it`);
    return undefined;
  }
  // Missing thresholds follow REFERENCE.md's proportions: warning at 80%, alarm at 200%, critical at 300%.
  const warningMs = r.positive(raw, 'warning_ms', `${where}.`) ?? budgetMs * 0.8;
  const alarmMs = r.positive(raw, 'alarm_ms', `${where}.`) ?? budgetMs * 2;
  const criticalMs = r.positive(raw, 'critical_ms', `${where}.`) ?? Math.max(alarmMs, budgetMs * 3);
  if (!(warningMs <= alarmMs && alarmMs <= criticalMs)) {
    r.problem(`${where} needs warning_ms ≤ alarm_ms ≤ critical_ms; using the default for it`);
    return undefined;
  }
  const budget: ComponentBudget = { budgetMs, warningMs, alarmMs, criticalMs };
  if (raw['self_time'] !== undefined) {
    if (typeof raw['self_time'] !== 'boolean') r.problem(`${where}.self_time must be true or false; it was ignored`);
    else budget.selfTime = raw['self_time'];
  }
  return budget;
}

function readRule(r: Reader, raw: unknown, where: string): ComponentRule | undefined {
  if (!isObj(raw)) {
    r.problem(`${where} must be an object; the rule was ignored`);
    return undefined;
  }
  r.unknownKeys(raw, ['component', 'attribute', 'equals', 'attribute_prefix', 'span_name_contains', 'local_root'], `${where}.`);
  const component = raw['component'];
  if (typeof component !== 'string' || component.length === 0 || component.length > 100) {
    r.problem(`${where}.component must be a non-empty string; the rule was ignored`);
    return undefined;
  }
  const rule: ComponentRule = { component };
  if (raw['attribute'] !== undefined) {
    if (typeof raw['attribute'] !== 'string') return void r.problem(`${where}.attribute must be a string; the rule was ignored`);
    rule.attribute = raw['attribute'];
  }
  if (raw['equals'] !== undefined) {
    const equals = Array.isArray(raw['equals']) ? raw['equals'] : [raw['equals']];
    if (!equals.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
      return void r.problem(`${where}.equals must be a value or a list of values; the rule was ignored`);
    }
    rule.equals = equals.map(String);
  }
  if (raw['attribute_prefix'] !== undefined) {
    if (typeof raw['attribute_prefix'] !== 'string') return void r.problem(`${where}.attribute_prefix must be a string; the rule was ignored`);
    rule.attributePrefix = raw['attribute_prefix'];
  }
  if (raw['span_name_contains'] !== undefined) {
    const names = r.strings(raw, 'span_name_contains', `${where}.`);
    if (names === undefined) return undefined;
    rule.spanNameContains = names;
  }
  if (raw['local_root'] !== undefined) {
    if (typeof raw['local_root'] !== 'boolean') return void r.problem(`${where}.local_root must be true or false; the rule was ignored`);
    rule.localRoot = raw['local_root'];
  }
  if (rule.attribute === undefined && rule.attributePrefix === undefined && rule.spanNameContains === undefined && rule.localRoot === undefined) {
    r.problem(`${where} has no condition (attribute, attribute_prefix, span_name_contains or local_root); the rule was ignored`);
    return undefined;
  }
  return rule;
}

function readLatency(r: Reader, root: Obj): LatencyBudgetConfig {
  const config: LatencyBudgetConfig = {};
  const sla = r.positive(root, 'sla_ms', '');
  if (sla !== undefined) config.slaMs = sla;
  const budgets = root['budgets'];
  if (budgets !== undefined) {
    if (!isObj(budgets)) r.problem('budgets must be an object of component: { budget_ms, … }; using the defaults');
    else {
      config.budgets = {};
      for (const [component, raw] of Object.entries(budgets)) {
        const b = readBudget(r, raw, `budgets.${component}`);
        if (b !== undefined) config.budgets[component] = b;
      }
    }
  }
  const rules = root['component_rules'];
  if (rules !== undefined) {
    if (!Array.isArray(rules)) r.problem('component_rules must be a list; using the default rules');
    else {
      config.componentRules = rules
        .slice(0, 200)
        .map((raw, i) => readRule(r, raw, `component_rules[${i}]`))
        .filter((x): x is ComponentRule => x !== undefined);
      if (rules.length > 200) r.problem('component_rules has more than 200 rules; the rest were ignored');
    }
  }
  return config;
}

function readContext(r: Reader, section: Obj): ContextBudgetConfig {
  r.unknownKeys(section, ['prompt_budget_tokens', 'output_reserve_tokens', 'warning_ratio', 'critical_ratio'], 'context_budget.');
  const config: ContextBudgetConfig = {};
  const budget = r.positive(section, 'prompt_budget_tokens', 'context_budget.', { integer: true });
  const reserve = r.positive(section, 'output_reserve_tokens', 'context_budget.', { integer: true });
  if (budget !== undefined) config.promptBudgetTokens = budget;
  if (reserve !== undefined) config.outputReserveTokens = reserve;
  const warning = r.positive(section, 'warning_ratio', 'context_budget.', { max: 1 });
  const critical = r.positive(section, 'critical_ratio', 'context_budget.', { max: 1 });
  if (warning !== undefined && critical !== undefined && warning > critical) {
    r.problem('context_budget.warning_ratio must not exceed critical_ratio; using the default ratios');
  } else {
    if (warning !== undefined) config.warningRatio = warning;
    if (critical !== undefined) config.criticalRatio = critical;
  }
  const b = config.promptBudgetTokens ?? 5000;
  const o = config.outputReserveTokens ?? 1500;
  if (o >= b) {
    r.problem('context_budget.output_reserve_tokens must be smaller than prompt_budget_tokens; using the defaults for both');
    delete config.promptBudgetTokens;
    delete config.outputReserveTokens;
  }
  return config;
}

function readPatterns(r: Reader, raw: unknown): ErrorPattern[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    r.problem('error_patterns must be a list of patterns; using the default catalogue');
    return undefined;
  }
  const patterns: ErrorPattern[] = [];
  raw.slice(0, 500).forEach((entry, i) => {
    const { pattern, problems } = patternFromRaw(entry, `error_patterns[${i}]`);
    for (const p of problems) r.problem(`${p}; the pattern was ignored`);
    if (pattern !== undefined) patterns.push(pattern);
  });
  return patterns;
}

/** `error_false_positive_marks`: pattern id → how often it was marked a false positive. */
function readFalsePositiveMarks(r: Reader, raw: unknown): Record<string, number> | undefined {
  if (raw === undefined) return undefined;
  if (!isObj(raw)) {
    r.problem('error_false_positive_marks must map pattern ids to counts; ignoring it');
    return undefined;
  }
  const marks: Record<string, number> = {};
  for (const [id, n] of Object.entries(raw)) {
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) marks[id] = n;
    else r.problem(`error_false_positive_marks.${id} must be a whole number of marks (got ${JSON.stringify(n)}); ignoring it`);
  }
  return marks;
}

function readCorrelation(r: Reader, section: Obj): CorrelationConfig {
  r.unknownKeys(section, ['keys', 'allow_untrusted_keys', 'session_as_conversation_id'], 'correlation.');
  const config: CorrelationConfig = {};
  const keys = r.strings(section, 'keys', 'correlation.');
  if (keys !== undefined) config.keys = keys;
  const allow = r.strings(section, 'allow_untrusted_keys', 'correlation.');
  if (allow !== undefined) config.allowUntrustedKeys = allow;
  const alias = section['session_as_conversation_id'];
  if (alias !== undefined) {
    if (typeof alias === 'boolean') config.sessionAsConversationId = alias;
    else r.problem('correlation.session_as_conversation_id must be true or false; using the default');
  }
  return config;
}

/**
 * Reads the processors' part of a parsed Kensa config file (YAML or JSON): `sla_ms`, `budgets`,
 * `component_rules`, `context_budget`, `error_patterns`, `error_trend_window_ms`,
 * `error_false_positive_marks`, `error_false_positive_threshold`, `correlation`, and `processors` to turn
 * individual processors off. Other top-level keys belong to other parts of Kensa and are left
 * alone. Every problem names its key, is reported once through `diag`, and falls back to the
 * default for that key only.
 */
export function loadProcessorsConfig(obj: unknown): KensaProcessorsConfig {
  const { config, problems } = readProcessorsConfig(obj);
  for (const p of problems) warnOnce(`config: ${p}`);
  return config;
}

/** As {@link loadProcessorsConfig}, returning the problems instead of warning. */
export function readProcessorsConfig(obj: unknown): LoadedProcessorsConfig {
  const r = new Reader();
  if (obj === undefined || obj === null) return { config: {}, problems: [] };
  if (!isObj(obj)) {
    r.problem('the config file must hold an object at the top level; using the defaults');
    return { config: {}, problems: r.problems };
  }
  const config: KensaProcessorsConfig = {};
  const enabled = r.section(obj, 'processors');
  const on = (name: string): boolean => {
    if (!isObj(enabled)) return true;
    const v = enabled[name];
    if (v === undefined || v === true) return true;
    if (v === false) return false;
    r.problem(`processors.${name} must be true or false; leaving it on`);
    return true;
  };
  if (isObj(enabled)) r.unknownKeys(enabled, ['correlation', 'context_budget', 'error_pattern', 'latency_budget'], 'processors.');

  const correlation = r.section(obj, 'correlation');
  config.correlation = on('correlation') ? (isObj(correlation) ? readCorrelation(r, correlation) : {}) : false;

  const context = r.section(obj, 'context_budget');
  config.contextBudget = on('context_budget') ? (isObj(context) ? readContext(r, context) : {}) : false;

  const patterns = readPatterns(r, obj['error_patterns']);
  const trendWindow = r.positive(obj, 'error_trend_window_ms', '', { integer: true });
  const marks = readFalsePositiveMarks(r, obj['error_false_positive_marks']);
  const threshold = r.nonNegativeInteger(obj, 'error_false_positive_threshold', '');
  config.errorPattern = on('error_pattern')
    ? {
        ...(patterns ? { patterns } : {}),
        ...(trendWindow ? { trendWindowMs: trendWindow } : {}),
        ...(marks ? { falsePositiveMarks: marks } : {}),
        ...(threshold !== undefined ? { falsePositiveThreshold: threshold } : {}),
      }
    : false;

  config.latencyBudget = on('latency_budget') ? readLatency(r, obj) : false;
  return { config, problems: r.problems };
}
