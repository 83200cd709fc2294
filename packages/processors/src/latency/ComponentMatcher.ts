import type { Attributes } from '@opentelemetry/api';
import type { ComponentRule } from '../types';

interface CompiledRule {
  component: string;
  attribute: string | undefined;
  equals: ReadonlySet<string> | undefined;
  attributePrefix: string | undefined;
  spanNameContains: string[] | undefined;
  localRoot: boolean | undefined;
}

/** What a rule can look at. */
export interface MatchableSpan {
  name: string;
  attributes: Attributes;
  localRoot: boolean;
}

/**
 * Maps a span to its latency-budget component. Rules are plain comparisons (equality, prefix,
 * case-insensitive substring), so user rules cannot cost more than a few string operations.
 */
export class ComponentMatcher {
  private readonly rules: CompiledRule[];

  constructor(rules: readonly ComponentRule[]) {
    this.rules = rules.map((r) => ({
      component: r.component,
      attribute: r.attribute,
      equals: r.equals ? new Set(r.equals.map(String)) : undefined,
      attributePrefix: r.attributePrefix,
      spanNameContains: r.spanNameContains?.map((s) => s.toLowerCase()),
      localRoot: r.localRoot,
    }));
  }

  match(span: MatchableSpan): string | undefined {
    let lowerName: string | undefined;
    for (const rule of this.rules) {
      if (rule.localRoot !== undefined && rule.localRoot !== span.localRoot) continue;
      if (rule.attribute !== undefined) {
        const value = span.attributes[rule.attribute];
        if (value === undefined) continue;
        if (rule.equals !== undefined && !rule.equals.has(String(value))) continue;
      }
      if (rule.spanNameContains !== undefined) {
        lowerName ??= span.name.toLowerCase();
        const name = lowerName;
        if (!rule.spanNameContains.some((k) => name.includes(k))) continue;
      }
      if (rule.attributePrefix !== undefined) {
        let found = false;
        for (const key in span.attributes) {
          if (key.startsWith(rule.attributePrefix)) {
            found = true;
            break;
          }
        }
        if (!found) continue;
      }
      return rule.component;
    }
    return undefined;
  }
}
