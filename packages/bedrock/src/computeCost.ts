import type { Cost, ResolvedModel, Usage } from './types';

const PER_MILLION = 1_000_000;

const tokens = (n: number | undefined): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);

/**
 * All input tokens of a call: non-cached input plus cache reads and writes. Bedrock (Converse, Anthropic,
 * Nova) reports `inputTokens` EXCLUDING cached tokens; the OTel `gen_ai.usage.input_tokens` attribute wants the
 * total, so instrumentations record this sum.
 */
export function totalInputTokens(usage: Usage): number | undefined {
  try {
    const { inputTokens, cacheReadInputTokens, cacheWriteInputTokens } = usage;
    if (inputTokens === undefined && cacheReadInputTokens === undefined && cacheWriteInputTokens === undefined) return undefined;
    return tokens(inputTokens) + tokens(cacheReadInputTokens) + tokens(cacheWriteInputTokens);
  } catch {
    return undefined;
  }
}

/**
 * Cost of one call in USD, or `undefined` when the model has no known price or the usage has no counts
 * (never 0 for unknown).
 *
 * Convention: `usage.inputTokens` is NON-cached input, as Bedrock reports it; cache reads and writes are
 * priced separately at the catalogue's cacheRead / cacheWrite rates. When the service reports cache tokens
 * for a model the catalogue has no cache price for, they are priced at the input rate and the cost is
 * marked `estimated`. Models with a `regionalPremium` cost that much more unless called through `global.`.
 */
export function computeCost(resolved: ResolvedModel, usage: Usage): Cost | undefined {
  try {
    return cost(resolved, usage);
  } catch {
    // Only reachable with hand-built arguments whose getters throw; an unknown cost is the honest answer.
    return undefined;
  }
}

function cost(resolved: ResolvedModel, usage: Usage): Cost | undefined {
  const price = resolved?.info?.price;
  if (!price || typeof usage !== 'object' || usage === null) return undefined;
  if (
    usage.inputTokens === undefined &&
    usage.outputTokens === undefined &&
    usage.cacheReadInputTokens === undefined &&
    usage.cacheWriteInputTokens === undefined
  ) {
    return undefined;
  }
  const premium = resolved.info?.regionalPremium;
  const factor = premium !== undefined && resolved.profilePrefix !== 'global' ? 1 + premium : 1;
  const rate = (perMillion: number): number => (perMillion * factor) / PER_MILLION;

  const cacheRead = tokens(usage.cacheReadInputTokens);
  const cacheWrite = tokens(usage.cacheWriteInputTokens);
  let estimated = false;
  if ((cacheRead > 0 && price.cacheRead === undefined) || (cacheWrite > 0 && price.cacheWrite === undefined)) estimated = true;

  const inputUsd = tokens(usage.inputTokens) * rate(price.input);
  const outputUsd = tokens(usage.outputTokens) * rate(price.output);
  const cacheReadUsd = cacheRead * rate(price.cacheRead ?? price.input);
  const cacheWriteUsd = cacheWrite * rate(price.cacheWrite ?? price.input);
  const cost: Cost = {
    inputUsd,
    outputUsd,
    cacheReadUsd,
    cacheWriteUsd,
    totalUsd: inputUsd + outputUsd + cacheReadUsd + cacheWriteUsd,
    cacheSavingsUsd: (cacheRead + cacheWrite) * rate(price.input) - cacheReadUsd - cacheWriteUsd,
  };
  if (estimated || usage.estimated === true) cost.estimated = true;
  return cost;
}
