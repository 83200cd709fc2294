import { describe, expect, it } from 'vitest';
import * as semconv from '../src/index';

const stringExports = (Object.entries(semconv) as Array<[string, unknown]>).filter(
  (entry): entry is [string, string] => typeof entry[1] === 'string',
);

describe('@kensa/semconv', () => {
  // Attribute and metric names are separate namespaces in OTel (the budget-utilization metric and
  // attribute share a name on purpose), so uniqueness is checked within each kind.
  it.each(['ATTR_', 'METRIC_', 'EVENT_'])('defines each %s name once', (prefix) => {
    const names = stringExports.filter(([key]) => key.startsWith(prefix)).map(([, value]) => value);
    const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
    expect(duplicates).toEqual([]);
    expect(names.length).toBeGreaterThan(0);
  });

  it('puts every name of ours under kensa. and keeps OTel names as the spec spells them', () => {
    for (const [key, value] of stringExports) {
      if (key.startsWith('ATTR_KENSA_') || key.startsWith('METRIC_KENSA_')) expect(value, key).toMatch(/^kensa\./);
      if (key.startsWith('ATTR_GEN_AI_') || key.startsWith('METRIC_GEN_AI_')) expect(value, key).toMatch(/^gen_ai\./);
      if (key.startsWith('ATTR_') || key.startsWith('METRIC_')) expect(value, key).toMatch(/^[a-z][a-z0-9_.]*[a-z0-9_.]$/);
    }
  });

  it('builds the dynamic per-component and per-section keys under their prefixes', () => {
    expect(semconv.attrKensaSlaComponentMs('bedrock_invoke')).toBe('kensa.sla.component_ms.bedrock_invoke');
    expect(semconv.attrKensaContextSectionTokens('retrieved')).toBe('kensa.context.section.retrieved_tokens');
  });

  it('uses the bucket boundaries of the GenAI conventions', () => {
    expect(semconv.GEN_AI_DURATION_BUCKETS[0]).toBe(0.01);
    expect(semconv.GEN_AI_DURATION_BUCKETS.at(-1)).toBe(81.92);
    expect(semconv.GEN_AI_TOKEN_USAGE_BUCKETS.at(-1)).toBe(67108864);
    for (let i = 1; i < semconv.GEN_AI_DURATION_BUCKETS.length; i++) {
      expect(semconv.GEN_AI_DURATION_BUCKETS[i]).toBeCloseTo(semconv.GEN_AI_DURATION_BUCKETS[i - 1]! * 2, 10);
    }
  });
});
