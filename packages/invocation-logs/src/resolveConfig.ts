import { diag } from '@opentelemetry/api';
import type { Dimension } from '@aws-sdk/client-cloudwatch';
import {
  CW_DIM_BASE_MODEL_ID,
  CW_DIM_ERROR_CODE,
  CW_DIM_IDENTITY,
  CW_DIM_INFERENCE_PROFILE,
  CW_DIM_INFERENCE_PROFILE_ID,
  CW_DIM_INFERENCE_REGION,
  CW_DIM_MODEL_FAMILY,
  CW_DIM_OPERATION,
  CW_DIM_SOURCE_REGION,
  CW_NAMESPACE_KENSA_INVOCATION_LOGS,
} from '@kensa/semconv';
import { BMAS } from './bmas';
import { CLOUDWATCH_LIMITS, dimension } from './MetricPlan';
import type { IdentityMode, InvocationLogsConfig } from './types';

/** The dimensions every series has; roll-ups pick subsets of these. */
export const SERIES_DIMENSIONS = [
  CW_DIM_MODEL_FAMILY,
  CW_DIM_BASE_MODEL_ID,
  CW_DIM_INFERENCE_PROFILE,
  CW_DIM_INFERENCE_PROFILE_ID,
  CW_DIM_SOURCE_REGION,
  CW_DIM_INFERENCE_REGION,
  CW_DIM_OPERATION,
  CW_DIM_IDENTITY,
] as const;

/** Config with every default applied and every bad value replaced. */
export interface ResolvedConfig {
  namespace: string;
  leaseMs: number;
  ledgerTtlDays: number;
  identity: IdentityMode;
  staticDimensions: Dimension[];
  rollups: string[][];
  maxLineBytes: number;
  maxSeries: number;
  maxDatumsPerRequest: number;
}

/** Applies defaults; a bad value warns once through `diag` and falls back, never throws. */
export function resolveConfig(config: InvocationLogsConfig): ResolvedConfig {
  const known = new Set<string>(SERIES_DIMENSIONS);
  let staticDimensions = Object.entries(config.staticDimensions ?? {})
    .filter(([name]) => {
      if (!known.has(name) && name !== CW_DIM_ERROR_CODE) return true;
      diag.warn(`@kensa/invocation-logs: static dimension ${name} collides with a series dimension; ignored`);
      return false;
    })
    .map(([name, value]) => dimension(name, value));
  // Full set + ErrorCode is the widest data point: it and the static dimensions must fit in 30.
  const room = CLOUDWATCH_LIMITS.maxDimensions - SERIES_DIMENSIONS.length - 1;
  if (staticDimensions.length > room) {
    diag.warn(`@kensa/invocation-logs: ${BMAS.TOO_MANY_DIMENSIONS} too many dimensions: ${staticDimensions.length} static dimensions exceed the ${room} that fit in CloudWatch's 30; the rest are dropped`);
    staticDimensions = staticDimensions.slice(0, room);
  }
  const rollups = (config.rollups ?? [[CW_DIM_BASE_MODEL_ID]])
    .map((rollup) => {
      const valid = rollup.filter((name) => known.has(name));
      if (valid.length !== rollup.length) diag.warn(`@kensa/invocation-logs: roll-up [${rollup.join(', ')}] names unknown dimensions; only [${valid.join(', ')}] kept`);
      return [...new Set(valid)];
    })
    .filter((rollup) => rollup.length > 0 && rollup.length < SERIES_DIMENSIONS.length);
  const positive = (value: number | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    if (Number.isFinite(value) && value > 0) return value;
    diag.warn(`@kensa/invocation-logs: ${name}=${value} is not positive; using ${fallback}`);
    return fallback;
  };
  return {
    namespace: config.namespace ?? CW_NAMESPACE_KENSA_INVOCATION_LOGS,
    leaseMs: positive(config.leaseMs, 'leaseMs', 900_000),
    ledgerTtlDays: positive(config.ledgerTtlDays, 'ledgerTtlDays', 30),
    identity: config.identity ?? 'role',
    staticDimensions,
    rollups,
    maxLineBytes: positive(config.maxLineBytes, 'maxLineBytes', 1024 * 1024),
    maxSeries: positive(config.maxSeries, 'maxSeries', 20_000),
    maxDatumsPerRequest: Math.min(positive(config.maxDatumsPerRequest, 'maxDatumsPerRequest', CLOUDWATCH_LIMITS.maxDatumsPerRequest), CLOUDWATCH_LIMITS.maxDatumsPerRequest),
  };
}
