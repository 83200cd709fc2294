import catalogFile from '../data/models.json';
import { familyOfId } from './familyOfId';
import type { CatalogOverrides, ModelInfo, ModelPrice } from './types';

interface CatalogFile {
  pricesAsOf: string;
  source: string;
  region: string;
  models: Array<ModelInfo & { note?: string }>;
}

const file = catalogFile as unknown as CatalogFile;

/** Catalogue metadata: the date the prices were taken and the source. */
export const CATALOG_META: { pricesAsOf: string; source: string; region: string } = Object.freeze({
  pricesAsOf: file.pricesAsOf,
  source: file.source,
  region: file.region,
});

function freezeInfo(m: ModelInfo): ModelInfo {
  const info: ModelInfo = {
    id: m.id,
    family: m.family,
    name: m.name,
    contextWindow: m.contextWindow,
    price: Object.freeze({ ...m.price }),
  };
  if (m.maxOutputTokens !== undefined) info.maxOutputTokens = m.maxOutputTokens;
  if (m.regionalPremium !== undefined) info.regionalPremium = m.regionalPremium;
  return Object.freeze(info);
}

// Frozen so a caller that mutates a returned entry cannot change every later cost computation.
const BUILT_IN: ReadonlyMap<string, ModelInfo> = new Map(file.models.map((m) => [m.id, freezeInfo(m)]));

const isPrice = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

function mergePrice(base: ModelPrice | undefined, over: Partial<ModelPrice> | undefined): ModelPrice | undefined {
  const input = isPrice(over?.input) ? over.input : base?.input;
  const output = isPrice(over?.output) ? over.output : base?.output;
  if (input === undefined || output === undefined) return undefined;
  const price: ModelPrice = { input, output };
  const cacheRead = isPrice(over?.cacheRead) ? over.cacheRead : base?.cacheRead;
  const cacheWrite = isPrice(over?.cacheWrite) ? over.cacheWrite : base?.cacheWrite;
  if (cacheRead !== undefined) price.cacheRead = cacheRead;
  if (cacheWrite !== undefined) price.cacheWrite = cacheWrite;
  return price;
}

/** One user entry merged over the built-in one; `undefined` when the result would have no usable price. */
type ModelOverride = NonNullable<CatalogOverrides['models']>[string];

function mergeEntry(id: string, base: ModelInfo | undefined, over: ModelOverride | undefined): ModelInfo | undefined {
  if (typeof over !== 'object' || over === null) return base;
  const price = mergePrice(base?.price, over.price);
  if (!price) return base;
  const window = typeof over.contextWindow === 'number' && over.contextWindow > 0 ? over.contextWindow : base?.contextWindow;
  const info: ModelInfo = {
    id,
    family: typeof over.family === 'string' ? over.family : (base?.family ?? familyOfId(id)),
    name: typeof over.name === 'string' ? over.name : (base?.name ?? id),
    contextWindow: window ?? 0,
    price: Object.freeze(price),
  };
  const maxOut = typeof over.maxOutputTokens === 'number' && over.maxOutputTokens > 0 ? over.maxOutputTokens : base?.maxOutputTokens;
  if (maxOut !== undefined) info.maxOutputTokens = maxOut;
  const premium = isPrice(over.regionalPremium) ? over.regionalPremium : base?.regionalPremium;
  if (premium !== undefined) info.regionalPremium = premium;
  return Object.freeze(info);
}

// Merged catalogues per overrides object: the user's config is parsed once and reused for every call.
const merged = new WeakMap<CatalogOverrides, ReadonlyMap<string, ModelInfo>>();

/** The catalogue with the user's models merged in (the built-in map itself when there are none). */
export function catalogFor(overrides?: CatalogOverrides): ReadonlyMap<string, ModelInfo> {
  if (overrides === undefined || overrides === null || typeof overrides !== 'object') return BUILT_IN;
  const cached = merged.get(overrides);
  if (cached) return cached;
  let map: ReadonlyMap<string, ModelInfo> = BUILT_IN;
  try {
    const models = overrides.models;
    if (typeof models === 'object' && models !== null) {
      const m = new Map(BUILT_IN);
      for (const id of Object.keys(models)) {
        const entry = mergeEntry(id, BUILT_IN.get(id), models[id]);
        if (entry) m.set(id, entry);
      }
      map = m;
    }
  } catch {
    // User config of any shape (getters, proxies) must not break the calls it describes: use the built-ins.
    map = BUILT_IN;
  }
  merged.set(overrides, map);
  return map;
}

export function getModelInfo(baseId: string, overrides?: CatalogOverrides): ModelInfo | undefined {
  if (typeof baseId !== 'string') return undefined;
  return catalogFor(overrides).get(baseId);
}

export function listModels(overrides?: CatalogOverrides): ModelInfo[] {
  return [...catalogFor(overrides).values()];
}

/**
 * Problems in a user's overrides, one sentence each, for the config loader to warn about once through `diag`.
 * Entries listed here are ignored (or keep their built-in values) by resolution and cost computation.
 */
export function validateOverrides(overrides: unknown): string[] {
  try {
    return collectProblems(overrides);
  } catch {
    return ['catalog overrides could not be read'];
  }
}

function collectProblems(overrides: unknown): string[] {
  const problems: string[] = [];
  if (overrides === undefined) return problems;
  if (typeof overrides !== 'object' || overrides === null) return ['catalog overrides must be an object'];
  const { models, arnMappings } = overrides as CatalogOverrides;
  if (models !== undefined) {
    if (typeof models !== 'object' || models === null) problems.push('models must be an object keyed by model id');
    else {
      for (const [id, m] of Object.entries(models)) {
        if (typeof m !== 'object' || m === null) {
          problems.push(`models.${id} must be an object`);
          continue;
        }
        for (const k of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
          const v = m.price?.[k];
          if (v !== undefined && !isPrice(v)) problems.push(`models.${id}.price.${k} must be a non-negative number`);
        }
        if (!BUILT_IN.has(id) && !(isPrice(m.price?.input) && isPrice(m.price?.output))) {
          problems.push(`models.${id} is not in the built-in catalogue and needs price.input and price.output`);
        }
        if (m.contextWindow !== undefined && !(typeof m.contextWindow === 'number' && m.contextWindow > 0)) {
          problems.push(`models.${id}.contextWindow must be a positive number`);
        }
      }
    }
  }
  if (arnMappings !== undefined) {
    if (typeof arnMappings !== 'object' || arnMappings === null) problems.push('arnMappings must be an object of ARN → model id');
    else for (const [arn, id] of Object.entries(arnMappings)) if (typeof id !== 'string') problems.push(`arnMappings["${arn}"] must be a model id string`);
  }
  return problems;
}
