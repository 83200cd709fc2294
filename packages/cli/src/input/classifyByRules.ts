import type { ComponentRule } from '@kensa/processors';
import { anyString } from './anyValue';
import type { OtlpKeyValue, OtlpSpan } from './SpanRecord';

/**
 * The component of a span without `kensa.budget.component`, by the processors' own rules (tried in
 * order), applied to the raw OTLP attributes. Only telemetry from apps without our processors
 * takes this path, so the linear attribute scans do not matter. The rules are passed in (never
 * defaulted here) so the decode worker does not load @kensa/processors.
 */
export function classifyByRules(span: OtlpSpan, rules: readonly ComponentRule[]): string | undefined {
  const attrs: OtlpKeyValue[] = Array.isArray(span.attributes) ? span.attributes : [];
  const name = typeof span.name === 'string' ? span.name.toLowerCase() : '';
  const isRoot = typeof span.parentSpanId !== 'string' || span.parentSpanId === '';
  for (const rule of rules) {
    if (rule.attribute !== undefined) {
      const kv = attrs.find((a) => a?.key === rule.attribute);
      if (kv === undefined) continue;
      if (rule.equals !== undefined && !rule.equals.includes(anyString(kv.value) ?? '')) continue;
      return rule.component;
    }
    if (rule.attributePrefix !== undefined) {
      const prefix = rule.attributePrefix;
      if (attrs.some((a) => typeof a?.key === 'string' && a.key.startsWith(prefix))) return rule.component;
      continue;
    }
    if (rule.spanNameContains !== undefined) {
      if (rule.spanNameContains.some((s) => name.includes(s.toLowerCase()))) return rule.component;
      continue;
    }
    if (rule.localRoot === true && isRoot) return rule.component;
  }
  return undefined;
}
