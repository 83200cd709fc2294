import { BMAS, type BmasCode } from './bmas';

/** The fields of one `ModelInvocationLog` record that the aggregation needs, validated. */
export interface InvocationRecord {
  /** Start of the record's minute, ms since the epoch. */
  minuteMs: number;
  modelId: string;
  operation: string;
  sourceRegion: string;
  /** Where the call ran: `inferenceRegion`, else the source region, else `unknown`. */
  inferenceRegion: string;
  /** False when `inferenceRegion` was absent and had to be assumed. */
  inferenceRegionLogged: boolean;
  identityArn?: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  errorCode?: string;
}

/** Receives every problem found in a line; `skip` tells whether the line was dropped. */
export type IssueCallback = (code: BmasCode, message: string, lineNumber: number, skip: boolean) => void;

const SCHEMA_TYPE = 'ModelInvocationLog';
const MINUTE_MS = 60_000;
const REGION_IN_KEY = /\/BedrockModelInvocationLogs\/([a-z]{2}(?:-[a-z]+)+-\d+)\//;

/** Region from `…/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/…`, used when a record lacks `region`. */
export function regionFromKey(key: string): string | undefined {
  return REGION_IN_KEY.exec(key)?.[1];
}

/**
 * Turns one JSON line into an {@link InvocationRecord}, or reports why it cannot be counted.
 * Never throws: a bad line is a counted, logged skip, not a failed batch.
 */
export class RecordParser {
  private readonly keyRegion: string | undefined;
  private readonly minuteCache = new Map<string, number>();

  constructor(keyRegion: string | undefined) {
    this.keyRegion = keyRegion;
  }

  parse(text: string, lineNumber: number, report: IssueCallback): InvocationRecord | undefined {
    if (text.length === 0 || text.trim().length === 0) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      report(BMAS.INVALID_LOG_FORMAT, `not JSON: ${(error as Error).message}`, lineNumber, true);
      return undefined;
    }
    if (!isObject(raw)) {
      report(BMAS.INVALID_LOG_FORMAT, 'record is not a JSON object', lineNumber, true);
      return undefined;
    }
    if (raw.schemaType !== undefined && raw.schemaType !== SCHEMA_TYPE) {
      report(BMAS.INVALID_LOG_FORMAT, `schemaType ${String(raw.schemaType)} is not ${SCHEMA_TYPE}`, lineNumber, true);
      return undefined;
    }
    const modelId = raw.modelId;
    if (typeof modelId !== 'string' || modelId.length === 0) {
      report(BMAS.INVALID_LOG_FORMAT, 'modelId missing', lineNumber, true);
      return undefined;
    }
    const minuteMs = this.minuteOf(raw.timestamp);
    if (minuteMs === undefined) {
      report(BMAS.INVALID_LOG_FORMAT, `timestamp missing or invalid: ${String(raw.timestamp)}`, lineNumber, true);
      return undefined;
    }

    let sourceRegion = typeof raw.region === 'string' && raw.region.length > 0 ? raw.region : this.keyRegion;
    if (sourceRegion === undefined) {
      report(BMAS.REGION_DETECTION_FAILED, 'no region in the record or the object key', lineNumber, false);
      sourceRegion = 'unknown';
    }
    const loggedInference = typeof raw.inferenceRegion === 'string' && raw.inferenceRegion.length > 0 ? raw.inferenceRegion : undefined;

    const input = isObject(raw.input) ? raw.input : {};
    const output = isObject(raw.output) ? raw.output : {};
    const tokens = (value: unknown, field: string): number => {
      if (value === undefined || value === null) return 0;
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
      report(BMAS.INVALID_TOKEN_COUNT, `${field} is ${JSON.stringify(value)}; counted as 0`, lineNumber, false);
      return 0;
    };
    const identity = isObject(raw.identity) && typeof raw.identity.arn === 'string' ? raw.identity.arn : undefined;
    const errorCode = typeof raw.errorCode === 'string' && raw.errorCode.length > 0 ? raw.errorCode : undefined;

    return {
      minuteMs,
      modelId,
      operation: typeof raw.operation === 'string' && raw.operation.length > 0 ? raw.operation : 'unknown',
      sourceRegion,
      inferenceRegion: loggedInference ?? sourceRegion,
      inferenceRegionLogged: loggedInference !== undefined,
      ...(identity !== undefined ? { identityArn: identity } : {}),
      inputTokens: tokens(input.inputTokenCount, 'input.inputTokenCount'),
      outputTokens: tokens(output.outputTokenCount, 'output.outputTokenCount'),
      cacheReadTokens: tokens(input.cacheReadInputTokenCount, 'input.cacheReadInputTokenCount'),
      cacheWriteTokens: tokens(input.cacheWriteInputTokenCount, 'input.cacheWriteInputTokenCount'),
      ...(errorCode !== undefined ? { errorCode } : {}),
    };
  }

  private minuteOf(timestamp: unknown): number | undefined {
    if (typeof timestamp !== 'string') return undefined;
    // Records of one file share a handful of minutes; parsing each ISO string again is the hot path's biggest cost.
    const canCache = timestamp.length >= 17 && timestamp.endsWith('Z') && timestamp[16] === ':';
    const prefix = canCache ? timestamp.slice(0, 16) : undefined;
    if (prefix !== undefined) {
      const cached = this.minuteCache.get(prefix);
      if (cached !== undefined) return cached;
    }
    const ms = Date.parse(timestamp);
    if (!Number.isFinite(ms)) return undefined;
    const minute = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
    if (prefix !== undefined && this.minuteCache.size < 10_000) this.minuteCache.set(prefix, minute);
    return minute;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
