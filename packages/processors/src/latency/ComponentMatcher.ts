import type { Attributes } from '@opentelemetry/api';
import type { ComponentRule } from '../types';

interface CompiledRule {
  component: string;
  /** Index into the matcher's distinct attribute names, or -1. */
  attribute: number;
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
  /** Distinct attribute names the rules read: several rules share one (rpc.service, db.system.name). */
  private readonly names: string[] = [];
  // Per-match lookup cache, reused across calls (matching is synchronous, never re-entered).
  private readonly values: unknown[];
  private readonly seenAt: number[];
  private generation = 0;

  constructor(rules: readonly ComponentRule[]) {
    const index = (name: string | undefined): number => {
      if (name === undefined) return -1;
      const i = this.names.indexOf(name);
      return i !== -1 ? i : this.names.push(name) - 1;
    };
    this.rules = rules.map((r) => ({
      component: r.component,
      attribute: index(r.attribute),
      equals: r.equals ? new Set(r.equals.map(String)) : undefined,
      attributePrefix: r.attributePrefix,
      spanNameContains: r.spanNameContains?.map((s) => s.toLowerCase()),
      localRoot: r.localRoot,
    }));
    this.values = new Array<unknown>(this.names.length).fill(undefined);
    this.seenAt = new Array<number>(this.names.length).fill(-1);
  }

  match(span: MatchableSpan): string | undefined {
    let lowerName: string | undefined;
    const generation = ++this.generation;
    for (const rule of this.rules) {
      if (rule.localRoot !== undefined && rule.localRoot !== span.localRoot) continue;
      if (rule.attribute !== -1) {
        let value = this.values[rule.attribute];
        if (this.seenAt[rule.attribute] !== generation) {
          value = this.values[rule.attribute] = span.attributes[this.names[rule.attribute]!];
          this.seenAt[rule.attribute] = generation;
        }
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
