import type { Dimension, MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { CatalogOverrides } from '@kensa/bedrock';
import { BMAS, BmasError, type BmasCode } from './bmas';
import type { Ledger } from './Ledger';
import { buildMetricPlan, type MetricPlan } from './MetricPlan';
import { aggregateLogObject } from './aggregateLogObject';
import type { ObjectSource } from './ObjectSource';
import type { IssueCallback } from './RecordParser';
import type { StructuredLogger } from './StructuredLogger';
import type { IdentityMode, ObjectRef, ObjectResult, ProcessingHooks } from './types';

/** Anything that can send one batch of data points (CloudWatch, or a dry run). */
export interface MetricSink {
  publish(batch: MetricDatum[]): Promise<void>;
}

export interface ObjectProcessorOptions {
  source: ObjectSource;
  ledger: Ledger;
  sink: MetricSink;
  logger: StructuredLogger;
  identity: IdentityMode;
  maxSeries: number;
  maxLineBytes: number;
  rollups: string[][];
  staticDimensions: Dimension[];
  maxDatumsPerRequest: number;
  catalog?: CatalogOverrides;
  hooks?: ProcessingHooks;
}

const HOUR_IN_KEY = /\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\//;

/**
 * Counts one object exactly once: claim it in the ledger, stream and aggregate it, publish the
 * deterministic batches that are not yet recorded, then record it done. See the README for what
 * each crash point leaves behind and why none of them double-counts.
 */
export class ObjectProcessor {
  private readonly options: ObjectProcessorOptions;

  constructor(options: ObjectProcessorOptions) {
    this.options = options;
  }

  async process(ref: ObjectRef): Promise<ObjectResult> {
    const { ledger, logger } = this.options;
    const result: ObjectResult = { ref, status: 'failed', records: 0, skipped: 0, metricsPublished: 0, ambiguousBatches: 0 };
    let objectId: string | undefined;
    let claimed = false;
    // Names an unexpected error (a socket reset mid-read, a throwing hook) by where it happened.
    let phase: BmasCode = BMAS.OBJECT_NOT_FOUND;
    try {
      objectId = `s3://${ref.bucket}/${ref.key}#${await this.options.source.versionOf(ref)}`;
      const claim = await ledger.claim(objectId);
      if (claim.kind === 'done') {
        logger.log({ code: BMAS.DUPLICATE_DELIVERY, message: 'already counted; skipped', bucket: ref.bucket, key: ref.key, objectId });
        result.status = 'duplicate';
        return result;
      }
      if (claim.kind === 'busy') {
        throw new BmasError(BMAS.DUPLICATE_DELIVERY, `another worker holds the claim until ${new Date(claim.leaseUntil).toISOString()}; retry later`, { transient: true });
      }
      claimed = true;

      const plan = await this.aggregate(ref, result);
      phase = BMAS.PUBLISH_FAILED;
      const resumable = claim.batchesDone > 0 || claim.inflight !== undefined;
      if (resumable && claim.planHash !== undefined && claim.planHash !== plan.membershipHash) {
        // The object now aggregates differently (e.g. a new catalogue): re-sent batches could repeat what
        // the first run sent. Missing some points is visible in this log; double counting would not be.
        result.ambiguousBatches = plan.batches.length - claim.batchesDone;
        logger.log({
          code: BMAS.PUBLISH_FAILED,
          message: `publish plan changed since a partial publish; ${result.ambiguousBatches} remaining batches not sent to avoid double counting`,
          bucket: ref.bucket,
          key: ref.key,
          objectId,
        });
      } else {
        await this.publish(ref, objectId, plan, claim.batchesDone, claim.inflight, result);
      }
      phase = BMAS.LEDGER_UNAVAILABLE;
      await this.options.hooks?.beforeRecord?.(ref);
      await ledger.complete(objectId, { records: result.records, skipped: result.skipped, metrics: result.metricsPublished, ambiguousBatches: result.ambiguousBatches });
      result.status = 'done';
      logger.log({
        level: 'info',
        message: 'object counted',
        bucket: ref.bucket,
        key: ref.key,
        objectId,
        records: result.records,
        skipped: result.skipped,
        metricsPublished: result.metricsPublished,
        ambiguousBatches: result.ambiguousBatches,
        attempts: claim.attempts,
      });
      return result;
    } catch (error) {
      const bmas = error instanceof BmasError ? error : undefined;
      const code: BmasCode = bmas?.code ?? phase;
      result.error = { code, message: (error as Error).message };
      logger.log({
        code,
        message: (error as Error).message,
        bucket: ref.bucket,
        key: ref.key,
        ...(objectId !== undefined ? { objectId } : {}),
        transient: bmas?.transient ?? true,
        ...(bmas?.details ?? {}),
        ...(bmas === undefined ? { error: (error as Error).name } : {}),
      });
      if (claimed && objectId !== undefined) await ledger.release(objectId);
      return result;
    }
  }

  private async aggregate(ref: ObjectRef, result: ObjectResult): Promise<MetricPlan> {
    const { logger } = this.options;
    const issuesByCode = new Map<BmasCode, number>();
    const report: IssueCallback = (code, message, line, skip) => {
      const seen = (issuesByCode.get(code) ?? 0) + 1;
      issuesByCode.set(code, seen);
      if (seen <= logger.maxLinesPerCode) logger.log({ code, message, bucket: ref.bucket, key: ref.key, line, skipped: skip });
    };
    const body = await this.options.source.open(ref);
    const aggregate = await aggregateLogObject(body, {
      key: ref.key,
      identity: this.options.identity,
      maxSeries: this.options.maxSeries,
      maxLineBytes: this.options.maxLineBytes,
      ...(this.options.catalog !== undefined ? { catalog: this.options.catalog } : {}),
      onIssue: report,
    });
    result.records = aggregate.records;
    for (const count of aggregate.skipped.values()) result.skipped += count;
    for (const [code, count] of issuesByCode) {
      if (count > logger.maxLinesPerCode) {
        logger.log({ code, message: `${count} lines had this problem; the first ${logger.maxLinesPerCode} were logged`, bucket: ref.bucket, key: ref.key, count });
      }
    }
    if (aggregate.folded) {
      logger.log({ code: BMAS.MEMORY_LIMIT, message: `more than ${this.options.maxSeries} series; identities folded into _other`, bucket: ref.bucket, key: ref.key });
    }
    return buildMetricPlan(aggregate.series, aggregate.skipped, hourOfKey(ref.key) ?? aggregate.firstMinuteMs, {
      rollups: this.options.rollups,
      staticDimensions: this.options.staticDimensions,
      maxDatumsPerRequest: this.options.maxDatumsPerRequest,
    });
  }

  private async publish(ref: ObjectRef, objectId: string, plan: MetricPlan, from: number, inflight: number | undefined, result: ObjectResult): Promise<void> {
    const { ledger, logger, sink } = this.options;
    for (let index = from; index < plan.batches.length; index += 1) {
      const batch = plan.batches[index] ?? [];
      if (index === inflight) {
        // A previous run crashed after marking this batch in flight and before recording the outcome:
        // CloudWatch may or may not have it, and re-sending would double-count if it does.
        await ledger.skipAmbiguous(objectId, index);
        result.ambiguousBatches += 1;
        logger.log({
          code: BMAS.PUBLISH_FAILED,
          message: `batch ${index} was in flight when a previous run stopped; not re-sent to avoid double counting (its ${batch.length} data points may be missing)`,
          bucket: ref.bucket,
          key: ref.key,
          objectId,
          batch: index,
          datums: batch.length,
          metrics: summarize(batch),
        });
        continue;
      }
      await ledger.beginBatch(objectId, index, plan.membershipHash);
      try {
        await sink.publish(batch);
      } catch (error) {
        if (error instanceof BmasError && error.details.rejected === true) await ledger.abortBatch(objectId, index);
        throw error;
      }
      result.metricsPublished += batch.length;
      await this.options.hooks?.afterPublishBatch?.(ref, index);
      await ledger.endBatch(objectId, index);
    }
  }
}

function hourOfKey(key: string): number | undefined {
  const m = HOUR_IN_KEY.exec(key);
  if (m === null) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
  return Number.isFinite(ms) ? ms : undefined;
}

/** Totals per metric name of a batch, so an operator can correct a skipped batch by hand. */
function summarize(batch: MetricDatum[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const datum of batch) {
    if (datum.MetricName !== undefined) totals[datum.MetricName] = (totals[datum.MetricName] ?? 0) + (datum.Value ?? 0);
  }
  return totals;
}
