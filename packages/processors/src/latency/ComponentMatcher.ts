import type { Attributes } from '@opentelemetry/api';
import type { ComponentRule } from '../types';
import type { Component } from './Component';

interface CompiledRule {
  component: Component;
  /** Index into the matcher's distinct attribute names, or -1. */
  attribute: number;
  equals: ReadonlySet<string> | undefined;
  attributePrefix: string | undefined;
  spanNameContains: string[] | undefined;
  /** Index among the rules that look at the span name, or -1. */
  nameRule: number;
  localRoot: boolean | undefined;
}

/** Span names are low-cardinality by convention; past this many, names are matched uncached. */
const MAX_CACHED_NAMES = 1024;

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
  /** Per span name, which name rules it satisfies: lower-casing and substring scans once per name, not per span. */
  private readonly nameHits = new Map<string, Uint8Array>();
  private readonly nameRules: string[][];

  /** `component` resolves a rule's component name, once per rule. */
  constructor(rules: readonly ComponentRule[], component: (name: string) => Component) {
    const index = (name: string | undefined): number => {
      if (name === undefined) return -1;
      const i = this.names.indexOf(name);
      return i !== -1 ? i : this.names.push(name) - 1;
    };
    this.nameRules = [];
    this.rules = rules.map((r) => {
      const spanNameContains = r.spanNameContains?.map((s) => s.toLowerCase());
      return {
        component: component(r.component),
        attribute: index(r.attribute),
        equals: r.equals ? new Set(r.equals.map(String)) : undefined,
        attributePrefix: r.attributePrefix,
        spanNameContains,
        nameRule: spanNameContains === undefined ? -1 : this.nameRules.push(spanNameContains) - 1,
        localRoot: r.localRoot,
      };
    });
    this.values = new Array<unknown>(this.names.length).fill(undefined);
    this.seenAt = new Array<number>(this.names.length).fill(-1);
  }

  /** Takes the span's parts rather than an object holding them: one allocation less per span. */
  match(name: string, attributes: Attributes, localRoot: boolean): Component | undefined {
    let hits: Uint8Array | undefined;
    const generation = ++this.generation;
    for (const rule of this.rules) {
      if (rule.localRoot !== undefined && rule.localRoot !== localRoot) continue;
      if (rule.attribute !== -1) {
        let value = this.values[rule.attribute];
        if (this.seenAt[rule.attribute] !== generation) {
          value = this.values[rule.attribute] = attributes[this.names[rule.attribute]!];
          this.seenAt[rule.attribute] = generation;
        }
        if (value === undefined) continue;
        if (rule.equals !== undefined && !rule.equals.has(typeof value === 'string' ? value : String(value))) continue;
      }
      if (rule.nameRule !== -1) {
        hits ??= this.nameRuleHits(name);
        if (hits[rule.nameRule] === 0) continue;
      }
      if (rule.attributePrefix !== undefined) {
        let found = false;
        for (const key in attributes) {
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

  private nameRuleHits(name: string): Uint8Array {
    let hits = this.nameHits.get(name);
    if (hits === undefined) {
      const lower = name.toLowerCase();
      hits = Uint8Array.from(this.nameRules, (keywords) => (keywords.some((k) => lower.includes(k)) ? 1 : 0));
      if (this.nameHits.size < MAX_CACHED_NAMES) this.nameHits.set(name, hits);
    }
    return hits;
  }
}
