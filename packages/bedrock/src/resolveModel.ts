import { catalogFor } from './catalog';
import { familyOfId } from './familyOfId';
import type { CatalogOverrides, InferenceProfileKind, ModelInfo, ResolvedModel } from './types';

/** Cross-region inference profile prefixes AWS documents (`global.` routes to any commercial region). */
const PROFILE_PREFIXES = new Set(['us', 'eu', 'apac', 'jp', 'au', 'ca', 'us-gov', 'global']);

/** ARN resource types whose id says nothing about the model behind it. */
const OPAQUE_RESOURCES: Readonly<Record<string, InferenceProfileKind>> = {
  'application-inference-profile': 'application',
  'provisioned-model': 'provisioned',
  'custom-model': 'custom',
  'imported-model': 'custom',
  'custom-model-deployment': 'custom',
  'default-prompt-router': 'prompt_router',
  'prompt-router': 'prompt_router',
};

/** Distinct ids a service meets are few; the bound only guards against ids built from user input. */
const CACHE_LIMIT = 1024;

class BoundedCache {
  private readonly map = new Map<string, ResolvedModel>();
  get(key: string): ResolvedModel | undefined {
    return this.map.get(key);
  }
  set(key: string, value: ResolvedModel): void {
    if (this.map.size >= CACHE_LIMIT) {
      // Map iterates in insertion order: dropping the oldest keeps this O(1) without an LRU list.
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }
}

const defaultCache = new BoundedCache();
const overrideCaches = new WeakMap<CatalogOverrides, BoundedCache>();

function cacheFor(overrides?: CatalogOverrides): BoundedCache {
  if (!overrides) return defaultCache;
  let c = overrideCaches.get(overrides);
  if (!c) overrideCaches.set(overrides, (c = new BoundedCache()));
  return c;
}

/** Catalogue lookup tolerant of the spellings apps use: context suffixes (`:18k`, `:200k`) and a missing or extra `:0`. */
function lookup(id: string, catalog: ReadonlyMap<string, ModelInfo>): { id: string; info?: ModelInfo } {
  const exact = catalog.get(id);
  if (exact) return { id, info: exact };
  let base = id;
  const lastColon = id.lastIndexOf(':');
  if (lastColon > 0 && id.endsWith('k') && id.indexOf(':') !== lastColon) {
    const suffix = id.slice(lastColon + 1, -1);
    if (suffix.length > 0 && isDigits(suffix)) {
      base = id.slice(0, lastColon);
      const info = catalog.get(base);
      if (info) return { id: base, info };
    }
  }
  if (base.endsWith(':0')) {
    const bare = base.slice(0, -2);
    const info = catalog.get(bare);
    if (info) return { id: bare, info };
  } else {
    const info = catalog.get(`${base}:0`);
    if (info) return { id: `${base}:0`, info };
  }
  return { id: base };
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A plain or profile id (no ARN): strip the profile prefix, look the rest up. */
function resolveId(id: string, catalog: ReadonlyMap<string, ModelInfo>, out: ResolvedModel): void {
  const dot = id.indexOf('.');
  let base = id;
  if (dot > 0) {
    const prefix = id.slice(0, dot);
    if (PROFILE_PREFIXES.has(prefix) && id.indexOf('.', dot + 1) > 0) {
      out.profilePrefix = prefix;
      out.profile = prefix === 'global' ? 'global' : 'cross_region';
      base = id.slice(dot + 1);
    }
  }
  if (base.length === 0) return;
  const found = lookup(base, catalog);
  out.baseId = found.id;
  if (found.info) {
    out.info = found.info;
    out.family = found.info.family;
  } else {
    out.family = familyOfId(found.id);
  }
}

function resolveArn(arn: string, overrides: CatalogOverrides | undefined, catalog: ReadonlyMap<string, ModelInfo>, out: ResolvedModel): void {
  // arn:partition:service:region:account:resource — the resource itself may contain ':' (`…-v2:0`).
  let at = 0;
  const parts: string[] = [];
  for (let i = 0; i < 5; i++) {
    const next = arn.indexOf(':', at);
    if (next < 0) return;
    parts.push(arn.slice(at, next));
    at = next + 1;
  }
  const [, , service, region] = parts;
  if (region) out.region = region;
  const resource = arn.slice(at);
  const slash = resource.indexOf('/');
  const type = slash > 0 ? resource.slice(0, slash) : resource;
  const resourceId = slash > 0 ? resource.slice(slash + 1) : '';
  const mapped = overrides?.arnMappings?.[arn];
  const opaque = service === 'bedrock' ? OPAQUE_RESOURCES[type] : undefined;
  if (service === 'bedrock' && type === 'foundation-model' && resourceId) {
    resolveId(resourceId, catalog, out);
    return;
  }
  if (service === 'bedrock' && type === 'inference-profile' && resourceId) {
    resolveId(resourceId, catalog, out);
    return;
  }
  out.profile = opaque ?? 'unknown';
  if (service === 'bedrock' && resourceId && (type === 'custom-model' || type === 'default-prompt-router')) {
    // `custom-model/<base id>/<suffix>` and `default-prompt-router/anthropic.claude:1` name their provider, so
    // the bodies can be parsed; the price stays unknown (custom and routed calls are billed differently).
    const slash2 = resourceId.indexOf('/');
    out.family = familyOfId(slash2 > 0 ? resourceId.slice(0, slash2) : resourceId);
  }
  if (typeof mapped === 'string' && mapped.length > 0) {
    // The mapping may name a base id or a system profile id; keep what the ARN itself is.
    const target: ResolvedModel = { requestedId: arn, family: 'unknown', profile: 'none' };
    resolveId(mapped, catalog, target);
    out.baseId = target.baseId;
    out.family = target.family;
    if (target.info) out.info = target.info;
    if (target.profilePrefix) out.profilePrefix = target.profilePrefix;
  }
}

/** Resolve any id/ARN an app may pass as modelId. Never throws; unknown ids → family 'unknown', info undefined. */
export function resolveModel(modelId: string, overrides?: CatalogOverrides): ResolvedModel {
  const requestedId = typeof modelId === 'string' ? modelId : '';
  const cache = cacheFor(overrides);
  const hit = cache.get(requestedId);
  if (hit) return hit;
  const out: ResolvedModel = { requestedId, family: 'unknown', profile: 'none' };
  try {
    const catalog = catalogFor(overrides);
    if (requestedId.startsWith('arn:')) resolveArn(requestedId, overrides, catalog, out);
    else resolveId(requestedId, catalog, out);
  } catch {
    // Overrides are user data of any shape; a bad one must not break the call it describes.
  }
  const frozen = Object.freeze(out);
  cache.set(requestedId, frozen);
  return frozen;
}
