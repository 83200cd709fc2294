import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_META, familyOfId, getModelInfo, listModels, resolveModel, validateOverrides, type ModelFamily } from '../src/index';

const file = JSON.parse(readFileSync(join(__dirname, '..', 'data', 'models.json'), 'utf8')) as {
  pricesAsOf: string;
  source: string;
  notes: string[];
  models: Array<{ id: string }>;
};

/** Families whose models have prompt caching on Bedrock. */
const CACHING_FAMILIES = new Set<ModelFamily>(['anthropic.claude', 'amazon.nova']);

describe('catalogue data', () => {
  const models = listModels();

  it('is dated, sourced and annotated', () => {
    expect(CATALOG_META.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(CATALOG_META.pricesAsOf).toBe(file.pricesAsOf);
    expect(CATALOG_META.source).toContain('https://aws.amazon.com/bedrock/pricing');
    expect(CATALOG_META.region).toBe('us-east-1');
    expect(file.notes.length).toBeGreaterThan(0);
  });

  it('ships in the package', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('data');
  });

  it('has unique ids', () => {
    expect(new Set(file.models.map((m) => m.id)).size).toBe(file.models.length);
    expect(models.length).toBe(file.models.length);
  });

  it.each(models.map((m) => [m.id, m] as const))('%s is well-formed', (_id, m) => {
    expect(m.family).not.toBe('unknown');
    // The namespace and the family agree, so a resolved id and its entry never disagree on body shapes.
    expect(familyOfId(m.id)).toBe(m.family);
    expect(m.name.length).toBeGreaterThan(0);
    expect(m.contextWindow).toBeGreaterThan(0);
    if (m.maxOutputTokens !== undefined) expect(m.maxOutputTokens).toBeGreaterThan(0);
    for (const v of [m.price.input, m.price.output, m.price.cacheRead, m.price.cacheWrite]) {
      if (v !== undefined) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
      }
    }
    if (m.price.cacheRead !== undefined || m.price.cacheWrite !== undefined) {
      expect(CACHING_FAMILIES.has(m.family), `${m.id} has cache prices`).toBe(true);
      expect(m.price.cacheRead).toBeDefined();
      expect(m.price.cacheWrite).toBeDefined();
      expect(m.price.cacheRead!).toBeLessThan(m.price.input);
    }
    if (m.regionalPremium !== undefined) expect(m.regionalPremium).toBeGreaterThan(0);
    expect(resolveModel(m.id).info).toBe(m);
  });

  it('holds the REFERENCE figures', () => {
    expect(getModelInfo('anthropic.claude-3-sonnet-20240229-v1:0')?.price).toEqual({ input: 3, output: 15 });
    expect(getModelInfo('anthropic.claude-3-haiku-20240307-v1:0')?.price).toEqual({ input: 0.25, output: 1.25 });
  });

  it('covers every text family a user meets', () => {
    const names = models.map((m) => m.name).join('|');
    for (const n of ['Claude 3 Haiku', 'Claude 3.5 Sonnet', 'Claude 3.7 Sonnet', 'Claude Sonnet 4', 'Claude Opus 4', 'Claude Haiku 4.5', 'Nova Micro', 'Nova Lite', 'Nova Pro', 'Nova Premier', 'Titan Text', 'Llama 3', 'Llama 4', 'Mistral', 'Mixtral', 'Command R', 'Command R+', 'Jamba', 'DeepSeek']) {
      expect(names, n).toContain(n);
    }
  });

  it('entries cannot be mutated by callers', () => {
    const info = getModelInfo('anthropic.claude-3-haiku-20240307-v1:0')!;
    expect(() => {
      (info.price as { input: number }).input = 0;
    }).toThrow(TypeError);
    expect(getModelInfo('anthropic.claude-3-haiku-20240307-v1:0')?.price.input).toBe(0.25);
  });

  it('answers undefined for unknown or non-string ids', () => {
    expect(getModelInfo('anthropic.claude-9')).toBeUndefined();
    expect(getModelInfo(undefined as unknown as string)).toBeUndefined();
  });
});

describe('overrides', () => {
  it('merge over built-in entries field by field and add new models', () => {
    const overrides = {
      models: {
        'anthropic.claude-3-haiku-20240307-v1:0': { price: { input: 0.3, output: 1.5, cacheRead: 0.03, cacheWrite: 0.375 } },
        'amazon.nova-pro-v1:0': { contextWindow: 200000 },
        'acme.llm-v1': { price: { input: 1, output: 2 } },
      },
    };
    expect(getModelInfo('anthropic.claude-3-haiku-20240307-v1:0', overrides)).toMatchObject({
      name: 'Claude 3 Haiku',
      contextWindow: 200000,
      price: { input: 0.3, output: 1.5, cacheRead: 0.03, cacheWrite: 0.375 },
    });
    expect(getModelInfo('amazon.nova-pro-v1:0', overrides)).toMatchObject({ contextWindow: 200000, price: { input: 0.8, output: 3.2 } });
    expect(getModelInfo('acme.llm-v1', overrides)).toMatchObject({ id: 'acme.llm-v1', family: 'unknown', name: 'acme.llm-v1', price: { input: 1, output: 2 } });
    expect(listModels(overrides).length).toBe(listModels().length + 1);
    expect(resolveModel('us.acme.llm-v1', overrides)).toMatchObject({ profile: 'cross_region', baseId: 'acme.llm-v1' });
  });

  it('ignore invalid values, keeping the built-in ones', () => {
    const overrides = {
      models: {
        'anthropic.claude-3-haiku-20240307-v1:0': { price: { input: -1, output: Number.NaN }, contextWindow: -5 },
        'acme.no-price': { name: 'no price' },
        'acme.bad': null,
      },
    } as never;
    expect(getModelInfo('anthropic.claude-3-haiku-20240307-v1:0', overrides)).toMatchObject({ contextWindow: 200000, price: { input: 0.25, output: 1.25 } });
    expect(getModelInfo('acme.no-price', overrides)).toBeUndefined();
    expect(getModelInfo('acme.bad', overrides)).toBeUndefined();
  });

  it('are validated into one sentence per problem for the config loader', () => {
    expect(validateOverrides(undefined)).toEqual([]);
    expect(validateOverrides({ models: { 'anthropic.claude-3-haiku-20240307-v1:0': { price: { input: 1 } } } })).toEqual([]);
    expect(validateOverrides('x')).toEqual(['catalog overrides must be an object']);
    const problems = validateOverrides({
      models: { 'acme.x': { price: { input: -1 } }, 'acme.y': 3, 'anthropic.claude-3-haiku-20240307-v1:0': { contextWindow: 0 } },
      arnMappings: { 'arn:aws:bedrock:us-east-1:1:application-inference-profile/a': 5 },
    });
    expect(problems).toEqual([
      'models.acme.x.price.input must be a non-negative number',
      'models.acme.x is not in the built-in catalogue and needs price.input and price.output',
      'models.acme.y must be an object',
      'models.anthropic.claude-3-haiku-20240307-v1:0.contextWindow must be a positive number',
      'arnMappings["arn:aws:bedrock:us-east-1:1:application-inference-profile/a"] must be a model id string',
    ]);
  });
});

describe('hostile overrides', () => {
  const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });

  it('fall back to the built-in catalogue instead of throwing', () => {
    expect(getModelInfo('anthropic.claude-3-haiku-20240307-v1:0', hostile as never)?.price.input).toBe(0.25);
    expect(listModels({ models: hostile } as never).length).toBe(listModels().length);
    expect(validateOverrides(hostile)).toEqual(['catalog overrides could not be read']);
  });
});
