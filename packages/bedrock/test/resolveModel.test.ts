import { describe, expect, it } from 'vitest';
import { computeCost, resolveModel, type CatalogOverrides } from '../src/index';

const SONNET_V2 = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

describe('resolveModel', () => {
  it('resolves a plain versioned id from the catalogue', () => {
    const r = resolveModel(SONNET_V2);
    expect(r).toMatchObject({ requestedId: SONNET_V2, baseId: SONNET_V2, family: 'anthropic.claude', profile: 'none' });
    expect(r.info?.name).toBe('Claude 3.5 Sonnet v2');
    expect(r.profilePrefix).toBeUndefined();
    expect(r.region).toBeUndefined();
  });

  it.each([
    ['anthropic.claude-v2:1:18k', 'anthropic.claude-v2:1'],
    ['anthropic.claude-v2:1:200k', 'anthropic.claude-v2:1'],
    ['anthropic.claude-3-sonnet-20240229-v1:0:28k', 'anthropic.claude-3-sonnet-20240229-v1:0'],
    ['anthropic.claude-3-sonnet-20240229-v1:0:200k', 'anthropic.claude-3-sonnet-20240229-v1:0'],
    ['anthropic.claude-3-haiku-20240307-v1', 'anthropic.claude-3-haiku-20240307-v1:0'],
    ['anthropic.claude-opus-4-6-v1:0', 'anthropic.claude-opus-4-6-v1'],
    ['amazon.titan-text-express-v1', 'amazon.titan-text-express-v1'],
  ])('strips context suffixes and tolerates a missing or extra :0 (%s)', (id, base) => {
    const r = resolveModel(id);
    expect(r.baseId).toBe(base);
    expect(r.info?.id).toBe(base);
    expect(r.requestedId).toBe(id);
  });

  it.each([
    ['us', 'cross_region'],
    ['eu', 'cross_region'],
    ['apac', 'cross_region'],
    ['jp', 'cross_region'],
    ['au', 'cross_region'],
    ['ca', 'cross_region'],
    ['us-gov', 'cross_region'],
    ['global', 'global'],
  ] as const)('resolves the %s. inference profile to its base model', (prefix, kind) => {
    const r = resolveModel(`${prefix}.${SONNET_V2}`);
    expect(r).toMatchObject({ baseId: SONNET_V2, family: 'anthropic.claude', profile: kind, profilePrefix: prefix });
    expect(r.info?.id).toBe(SONNET_V2);
  });

  it('resolves foundation-model ARNs with their region', () => {
    const r = resolveModel('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0');
    expect(r).toMatchObject({ baseId: 'anthropic.claude-3-haiku-20240307-v1:0', family: 'anthropic.claude', profile: 'none', region: 'us-east-1' });
    expect(r.info?.price).toEqual({ input: 0.25, output: 1.25 });
  });

  it('resolves system inference-profile ARNs, in GovCloud too', () => {
    const r = resolveModel('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(r).toMatchObject({ baseId: 'anthropic.claude-3-5-haiku-20241022-v1:0', profile: 'cross_region', profilePrefix: 'us', region: 'us-east-1' });
    expect(r.info).toBeDefined();
    const gov = resolveModel('arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.anthropic.claude-3-haiku-20240307-v1:0');
    expect(gov).toMatchObject({ profile: 'cross_region', profilePrefix: 'us-gov', region: 'us-gov-west-1', family: 'anthropic.claude' });
    const global = resolveModel('arn:aws:bedrock:eu-west-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(global).toMatchObject({ profile: 'global', profilePrefix: 'global', region: 'eu-west-1' });
  });

  it.each([
    ['arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123', 'application'],
    ['arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pm-42xyz', 'provisioned'],
    ['arn:aws:bedrock:us-east-1:123456789012:imported-model/my-llama', 'custom'],
  ] as const)('keeps opaque ARNs opaque: %s', (arn, kind) => {
    const r = resolveModel(arn);
    expect(r).toMatchObject({ requestedId: arn, profile: kind, family: 'unknown', region: 'us-east-1' });
    expect(r.info).toBeUndefined();
    expect(r.baseId).toBeUndefined();
    expect(computeCost(r, { inputTokens: 1000, outputTokens: 1000 })).toBeUndefined();
  });

  it('takes the family, not the price, from custom-model and default prompt-router ARNs that name their provider', () => {
    const custom = resolveModel('arn:aws:bedrock:us-east-1:123456789012:custom-model/anthropic.claude-3-haiku-20240307-v1:0:200k/abcdef');
    expect(custom).toMatchObject({ profile: 'custom', family: 'anthropic.claude', region: 'us-east-1' });
    expect(custom.info).toBeUndefined();
    expect(computeCost(custom, { inputTokens: 1, outputTokens: 1 })).toBeUndefined();
    const router = resolveModel('arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1');
    expect(router).toMatchObject({ profile: 'prompt_router', family: 'anthropic.claude' });
    expect(router.info).toBeUndefined();
    const own = resolveModel('arn:aws:bedrock:us-east-1:123456789012:prompt-router/r4nd0m');
    expect(own).toMatchObject({ profile: 'prompt_router', family: 'unknown' });
  });

  it('resolves opaque ARNs through overrides.arnMappings, keeping the profile kind', () => {
    const app = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    const prov = 'arn:aws:bedrock:us-west-2:123456789012:provisioned-model/pm-1';
    const overrides: CatalogOverrides = { arnMappings: { [app]: 'us.anthropic.claude-3-haiku-20240307-v1:0', [prov]: 'meta.llama3-1-70b-instruct-v1:0' } };
    expect(resolveModel(app, overrides)).toMatchObject({
      profile: 'application',
      profilePrefix: 'us',
      baseId: 'anthropic.claude-3-haiku-20240307-v1:0',
      family: 'anthropic.claude',
      region: 'us-east-1',
    });
    expect(resolveModel(prov, overrides)).toMatchObject({ profile: 'provisioned', family: 'meta.llama', region: 'us-west-2' });
    expect(resolveModel(prov, overrides).info?.id).toBe('meta.llama3-1-70b-instruct-v1:0');
    // The same ARN without the overrides stays unresolved: caches are per overrides object.
    expect(resolveModel(app).info).toBeUndefined();
  });

  it('handles marketplace endpoints gracefully', () => {
    const r = resolveModel('arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-marketplace-endpoint');
    expect(r).toMatchObject({ family: 'unknown', profile: 'unknown', region: 'us-east-1' });
    expect(r.info).toBeUndefined();
  });

  it('resolves the family of ids newer than the catalogue, without a price', () => {
    const r = resolveModel('us.anthropic.claude-9-ultra-20300101-v1:0');
    expect(r).toMatchObject({ family: 'anthropic.claude', baseId: 'anthropic.claude-9-ultra-20300101-v1:0', profile: 'cross_region' });
    expect(r.info).toBeUndefined();
    expect(computeCost(r, { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
    expect(resolveModel('meta.llama5-1t-instruct-v1:0').family).toBe('meta.llama');
    expect(resolveModel('amazon.nova-2-lite-v1:0').family).toBe('amazon.nova');
    expect(resolveModel('cohere.command-a-v1:0').family).toBe('cohere.command');
    expect(resolveModel('mistral.magistral-small-2509').family).toBe('mistral');
  });

  it('does not treat image, speech and multimodal-embedding models as text families', () => {
    expect(resolveModel('amazon.nova-canvas-v1:0').family).toBe('unknown');
    expect(resolveModel('amazon.nova-sonic-v1:0').family).toBe('unknown');
    expect(resolveModel('stability.sd3-5-large-v1:0').family).toBe('unknown');
  });

  it.each(['', 'foo', 'us.', 'us.foo', 'arn:', 'arn:aws:bedrock', 'arn:aws:bedrock:::', ':::', 'global..'])('never throws on %j', (id) => {
    const r = resolveModel(id);
    expect(r.requestedId).toBe(id);
    expect(r.info).toBeUndefined();
  });

  it('never throws on non-string input or hostile overrides', () => {
    expect(resolveModel(undefined as unknown as string)).toMatchObject({ requestedId: '', family: 'unknown' });
    expect(resolveModel(42 as unknown as string).family).toBe('unknown');
    const hostile = { get models(): never { throw new Error('boom'); } } as unknown as CatalogOverrides;
    expect(resolveModel(SONNET_V2, hostile).requestedId).toBe(SONNET_V2);
    expect(resolveModel(SONNET_V2, { models: null, arnMappings: null } as unknown as CatalogOverrides).info?.id).toBe(SONNET_V2);
  });

  it('returns a cached, frozen result for a repeated id', () => {
    const a = resolveModel('eu.anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(resolveModel('eu.anthropic.claude-3-7-sonnet-20250219-v1:0')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('keeps the cache bounded: ids resolved long ago are evicted', () => {
    const first = resolveModel('anthropic.claude-evict-me-0');
    for (let i = 1; i <= 5000; i++) resolveModel(`anthropic.claude-evict-me-${i}`);
    const last = resolveModel('anthropic.claude-evict-me-5000');
    expect(resolveModel('anthropic.claude-evict-me-5000')).toBe(last);
    const again = resolveModel('anthropic.claude-evict-me-0');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
