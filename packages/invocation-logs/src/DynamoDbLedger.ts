import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { BMAS, BmasError } from './bmas';
import type { ClaimResult, CompletionSummary, Ledger } from './Ledger';

export interface DynamoDbLedgerOptions {
  table: string;
  client: DynamoDBClient;
  leaseMs: number;
  ttlDays: number;
  now: () => number;
}

const PROCESSING = 'processing';
const DONE = 'done';
const NAMES = { '#state': 'State', '#owner': 'Owner' };

/** {@link Ledger} on a DynamoDB table whose partition key is `ObjectId` (string). */
export class DynamoDbLedger implements Ledger {
  private readonly options: DynamoDbLedgerOptions;
  /** One owner token per claim, so a stale worker in the same process is told apart too. */
  private readonly owners = new Map<string, string>();

  constructor(options: DynamoDbLedgerOptions) {
    this.options = options;
  }

  async claim(objectId: string): Promise<ClaimResult> {
    const owner = randomUUID();
    const now = this.options.now();
    try {
      const result = await this.send({
        Key: key(objectId),
        UpdateExpression:
          // ExpiresAt here too: an object that never succeeds (not gzip, deleted) must not stay forever.
          'SET #state = :processing, #owner = :owner, LeaseUntil = :lease, UpdatedAt = :now, ExpiresAt = :expires, ' +
          'Attempts = if_not_exists(Attempts, :zero) + :one, BatchesDone = if_not_exists(BatchesDone, :zero)',
        ConditionExpression: 'attribute_not_exists(ObjectId) OR (#state = :processing AND LeaseUntil < :now)',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: {
          ':processing': { S: PROCESSING },
          ':owner': { S: owner },
          ':lease': num(now + this.options.leaseMs),
          ':now': num(now),
          ':expires': num(Math.floor(now / 1000) + this.options.ttlDays * 86_400),
          ':zero': num(0),
          ':one': num(1),
        },
        ReturnValues: 'ALL_NEW',
      });
      this.owners.set(objectId, owner);
      const item = result ?? {};
      const inflight = readNumber(item.Inflight);
      const planHash = item.PlanHash?.S;
      return {
        kind: 'claimed',
        batchesDone: readNumber(item.BatchesDone) ?? 0,
        attempts: readNumber(item.Attempts) ?? 1,
        ...(inflight !== undefined ? { inflight } : {}),
        ...(planHash !== undefined ? { planHash } : {}),
      };
    } catch (error) {
      if (!(error instanceof BmasError) || !(error.cause instanceof ConditionalCheckFailedException)) throw error;
    }
    const current = await this.read(objectId);
    if (current?.State?.S === DONE) return { kind: 'done' };
    return { kind: 'busy', leaseUntil: readNumber(current?.LeaseUntil) ?? 0 };
  }

  async beginBatch(objectId: string, index: number, planHash: string): Promise<void> {
    await this.owned(objectId, 'SET Inflight = :index, PlanHash = :hash, LeaseUntil = :lease, UpdatedAt = :now', {
      ':index': num(index),
      ':hash': { S: planHash },
      ':lease': num(this.options.now() + this.options.leaseMs),
    });
  }

  async endBatch(objectId: string, index: number): Promise<void> {
    await this.owned(objectId, 'SET BatchesDone = :next, UpdatedAt = :now REMOVE Inflight', { ':next': num(index + 1) });
  }

  async abortBatch(objectId: string, index: number): Promise<void> {
    await this.owned(objectId, 'SET UpdatedAt = :now REMOVE Inflight', {}, 'Inflight = :index', { ':index': num(index) });
  }

  async skipAmbiguous(objectId: string, index: number): Promise<void> {
    await this.owned(objectId, 'SET BatchesDone = :next, UpdatedAt = :now ADD AmbiguousBatches :one REMOVE Inflight', {
      ':next': num(index + 1),
      ':one': num(1),
    });
  }

  async complete(objectId: string, summary: CompletionSummary): Promise<void> {
    const now = this.options.now();
    await this.owned(
      objectId,
      'SET #state = :done, RecordCount = :records, SkippedCount = :skipped, DatumCount = :metrics, CompletedAt = :now, ExpiresAt = :expires REMOVE Inflight',
      {
        ':done': { S: DONE },
        ':records': num(summary.records),
        ':skipped': num(summary.skipped),
        ':metrics': num(summary.metrics),
        ':expires': num(Math.floor(now / 1000) + this.options.ttlDays * 86_400),
      },
    );
    this.owners.delete(objectId);
  }

  async release(objectId: string): Promise<void> {
    try {
      await this.owned(objectId, 'SET LeaseUntil = :zero, UpdatedAt = :now', { ':zero': num(0) });
    } catch {
      // Best effort: if it fails, the lease simply runs out.
    }
    this.owners.delete(objectId);
  }

  private async owned(objectId: string, update: string, values: Record<string, AttributeValue>, extraCondition?: string, extraValues: Record<string, AttributeValue> = {}): Promise<void> {
    const owner = this.owners.get(objectId);
    if (owner === undefined) throw new BmasError(BMAS.LEDGER_UNAVAILABLE, `no claim held on ${objectId}`, { transient: true });
    const names: Record<string, string> = { '#owner': 'Owner', '#state': 'State' };
    try {
      await this.send({
        Key: key(objectId),
        UpdateExpression: update,
        ConditionExpression: `#owner = :owner AND #state = :processing${extraCondition !== undefined ? ` AND ${extraCondition}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ...extraValues, ':owner': { S: owner }, ':processing': { S: PROCESSING }, ':now': num(this.options.now()) },
      });
    } catch (error) {
      if (error instanceof BmasError && error.cause instanceof ConditionalCheckFailedException) {
        this.owners.delete(objectId);
        throw new BmasError(BMAS.LEDGER_UNAVAILABLE, `lease on ${objectId} was lost to another worker`, { transient: true, cause: error.cause });
      }
      throw error;
    }
  }

  private async read(objectId: string): Promise<Record<string, AttributeValue> | undefined> {
    try {
      const result = await this.options.client.send(new GetItemCommand({ TableName: this.options.table, Key: key(objectId), ConsistentRead: true }));
      return result.Item;
    } catch (error) {
      throw new BmasError(BMAS.LEDGER_UNAVAILABLE, `ledger read failed: ${(error as Error).name}: ${(error as Error).message}`, { transient: true, cause: error });
    }
  }

  private async send(input: Omit<UpdateItemCommandInput, 'TableName'>): Promise<Record<string, AttributeValue> | undefined> {
    try {
      const result = await this.options.client.send(new UpdateItemCommand({ TableName: this.options.table, ...input }));
      return result.Attributes;
    } catch (error) {
      throw new BmasError(BMAS.LEDGER_UNAVAILABLE, `ledger write failed: ${(error as Error).name}: ${(error as Error).message}`, { transient: true, cause: error });
    }
  }
}

function key(objectId: string): Record<string, AttributeValue> {
  return { ObjectId: { S: objectId } };
}

function num(value: number): AttributeValue {
  return { N: String(value) };
}

function readNumber(value: AttributeValue | undefined): number | undefined {
  if (value?.N === undefined) return undefined;
  const n = Number(value.N);
  return Number.isFinite(n) ? n : undefined;
}
