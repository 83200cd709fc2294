import { createHash } from 'node:crypto';
import type { Dimension, MetricDatum } from '@aws-sdk/client-cloudwatch';
import {
  CW_DIM_ERROR_CODE,
  CW_DIM_SKIP_REASON,
  CW_METRIC_CACHE_READ_INPUT_TOKEN_COUNT,
  CW_METRIC_CACHE_WRITE_INPUT_TOKEN_COUNT,
  CW_METRIC_COST_USD,
  CW_METRIC_CROSS_REGION_INVOCATIONS,
  CW_METRIC_INPUT_TOKEN_COUNT,
  CW_METRIC_INVOCATIONS,
  CW_METRIC_INVOCATION_ERRORS,
  CW_METRIC_OUTPUT_TOKEN_COUNT,
  CW_METRIC_SKIPPED_RECORDS,
} from '@kensa/semconv';
import type { Series, SeriesDimensions } from './MinuteAggregator';

/** CloudWatch PutMetricData limits (per request), with headroom on the payload size. */
export const CLOUDWATCH_LIMITS = {
  maxDatumsPerRequest: 1000,
  /** The service limit is 1 MB; our size is an estimate of the JSON body, so keep 10% back. */
  maxRequestBytes: 900_000,
  maxDimensions: 30,
  maxDimensionValueLength: 255,
} as const;

export interface MetricPlanOptions {
  /** Dimension subsets to publish besides the full set. */
  rollups: string[][];
  staticDimensions: Dimension[];
  maxDatumsPerRequest?: number;
  maxRequestBytes?: number;
}

/** The deterministic list of PutMetricData requests for one object. */
export interface MetricPlan {
  batches: MetricDatum[][];
  datumCount: number;
  /** Hash of which data points go in which batch (not their values): equal plans resume safely. */
  membershipHash: string;
}

interface Sums {
  dims: Dimension[];
  minuteMs: number;
  values: Map<string, number>;
}

/**
 * Turns aggregated series into sorted, size-bounded batches. The same object always yields the same
 * batches, which is what lets a crashed run resume at the first unrecorded batch.
 */
export function buildMetricPlan(series: Series[], skipped: Map<string, number>, skipMinuteMs: number | undefined, options: MetricPlanOptions): MetricPlan {
  const sums = new Map<string, Sums>();
  const add = (minuteMs: number, dims: Dimension[], metric: string, value: number): void => {
    const id = `${minuteMs}|${dims.map((d) => `${d.Name}=${d.Value}`).join(',')}`;
    let entry = sums.get(id);
    if (entry === undefined) {
      entry = { dims, minuteMs, values: new Map() };
      sums.set(id, entry);
    }
    entry.values.set(metric, (entry.values.get(metric) ?? 0) + value);
  };

  const dimensionSets: Array<Array<keyof SeriesDimensions> | undefined> = [undefined, ...options.rollups.map((r) => r as Array<keyof SeriesDimensions>)];
  for (const s of series) {
    for (const subset of dimensionSets) {
      const dims = [...options.staticDimensions, ...dimensionsOf(s.dimensions, subset)];
      add(s.minuteMs, dims, CW_METRIC_INVOCATIONS, s.invocations);
      add(s.minuteMs, dims, CW_METRIC_INPUT_TOKEN_COUNT, s.inputTokens);
      add(s.minuteMs, dims, CW_METRIC_OUTPUT_TOKEN_COUNT, s.outputTokens);
      if (s.cacheReadTokens > 0) add(s.minuteMs, dims, CW_METRIC_CACHE_READ_INPUT_TOKEN_COUNT, s.cacheReadTokens);
      if (s.cacheWriteTokens > 0) add(s.minuteMs, dims, CW_METRIC_CACHE_WRITE_INPUT_TOKEN_COUNT, s.cacheWriteTokens);
      if (s.costUsd !== undefined) add(s.minuteMs, dims, CW_METRIC_COST_USD, s.costUsd);
      if (s.routable || s.crossRegion > 0) add(s.minuteMs, dims, CW_METRIC_CROSS_REGION_INVOCATIONS, s.crossRegion);
      for (const [code, count] of s.errors) {
        add(s.minuteMs, [...dims, dimension(CW_DIM_ERROR_CODE, code)], CW_METRIC_INVOCATION_ERRORS, count);
      }
    }
  }
  if (skipMinuteMs !== undefined) {
    for (const [code, count] of skipped) add(skipMinuteMs, [...options.staticDimensions, dimension(CW_DIM_SKIP_REASON, code)], CW_METRIC_SKIPPED_RECORDS, count);
  }

  const datums: Array<{ sortKey: string; datum: MetricDatum; bytes: number }> = [];
  for (const [id, entry] of sums) {
    for (const [metric, value] of entry.values) {
      const datum: MetricDatum = {
        MetricName: metric,
        Dimensions: entry.dims,
        Timestamp: new Date(entry.minuteMs),
        Value: value,
        Unit: metric === CW_METRIC_COST_USD ? 'None' : 'Count',
        StorageResolution: 60,
      };
      datums.push({ sortKey: `${id}|${metric}`, datum, bytes: estimateBytes(datum) });
    }
  }
  datums.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));

  const maxCount = Math.min(options.maxDatumsPerRequest ?? CLOUDWATCH_LIMITS.maxDatumsPerRequest, CLOUDWATCH_LIMITS.maxDatumsPerRequest);
  const maxBytes = Math.min(options.maxRequestBytes ?? CLOUDWATCH_LIMITS.maxRequestBytes, CLOUDWATCH_LIMITS.maxRequestBytes);
  const batches: MetricDatum[][] = [];
  const hash = createHash('sha256');
  let current: MetricDatum[] = [];
  let currentBytes = 0;
  for (const { sortKey, datum, bytes } of datums) {
    if (current.length > 0 && (current.length >= maxCount || currentBytes + bytes > maxBytes)) {
      batches.push(current);
      hash.update('\n--batch--\n');
      current = [];
      currentBytes = 0;
    }
    current.push(datum);
    currentBytes += bytes;
    hash.update(sortKey).update('\n');
  }
  if (current.length > 0) batches.push(current);
  return { batches, datumCount: datums.length, membershipHash: hash.digest('hex') };
}

function dimensionsOf(all: SeriesDimensions, subset: Array<keyof SeriesDimensions> | undefined): Dimension[] {
  const names = subset ?? (Object.keys(all) as Array<keyof SeriesDimensions>);
  return names.filter((name) => name in all).map((name) => dimension(name, all[name]));
}

/** A dimension within CloudWatch's limits: 1–255 characters; longer values keep a hash so they stay distinct. */
export function dimension(name: string, value: string): Dimension {
  if (value.length === 0) return { Name: name, Value: '-' };
  if (value.length <= CLOUDWATCH_LIMITS.maxDimensionValueLength) return { Name: name, Value: value };
  const digest = createHash('sha256').update(value).digest('hex').slice(0, 8);
  return { Name: name, Value: `${value.slice(0, CLOUDWATCH_LIMITS.maxDimensionValueLength - 9)}~${digest}` };
}

function estimateBytes(datum: MetricDatum): number {
  // JSON body of the datum plus a little for separators; CloudWatch counts the serialized request.
  return JSON.stringify(datum).length + 16;
}
