import { BMAS, type BmasCode } from './bmas';
import { stripBodies } from './stripBodies';

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
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15];
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
  private lastFields = -1;
  private lastMinute = 0;

  constructor(keyRegion: string | undefined) {
    this.keyRegion = keyRegion;
  }

  parse(text: string, lineNumber: number, report: IssueCallback): InvocationRecord | undefined {
    if (text.length === 0 || (text.charCodeAt(0) !== 0x7b && text.trim().length === 0)) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(stripBodies(text));
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

    const input = isObject(raw.input) ? raw.input : EMPTY;
    const output = isObject(raw.output) ? raw.output : EMPTY;
    const record: InvocationRecord = {
      minuteMs,
      modelId,
      operation: typeof raw.operation === 'string' && raw.operation.length > 0 ? raw.operation : 'unknown',
      sourceRegion,
      inferenceRegion: loggedInference ?? sourceRegion,
      inferenceRegionLogged: loggedInference !== undefined,
      inputTokens: tokens(input.inputTokenCount, 'input.inputTokenCount', lineNumber, report),
      outputTokens: tokens(output.outputTokenCount, 'output.outputTokenCount', lineNumber, report),
      cacheReadTokens: tokens(input.cacheReadInputTokenCount, 'input.cacheReadInputTokenCount', lineNumber, report),
      cacheWriteTokens: tokens(input.cacheWriteInputTokenCount, 'input.cacheWriteInputTokenCount', lineNumber, report),
    };
    if (isObject(raw.identity) && typeof raw.identity.arn === 'string') record.identityArn = raw.identity.arn;
    if (typeof raw.errorCode === 'string' && raw.errorCode.length > 0) record.errorCode = raw.errorCode;
    return record;
  }

  private minuteOf(timestamp: unknown): number | undefined {
    if (typeof timestamp !== 'string') return undefined;
    // Records of one file share a handful of minutes: read `YYYY-MM-DDTHH:MM…Z` digit by digit and only
    // call into Date when the minute changes. Any other shape goes through Date.parse.
    const fields = utcMinuteFields(timestamp);
    if (fields === undefined) {
      const ms = Date.parse(timestamp);
      return Number.isFinite(ms) ? Math.floor(ms / MINUTE_MS) * MINUTE_MS : undefined;
    }
    if (fields === this.lastFields) return this.lastMinute;
    const ms = Date.parse(timestamp);
    if (!Number.isFinite(ms)) return undefined;
    this.lastFields = fields;
    this.lastMinute = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
    return this.lastMinute;
  }
}

/** `YYYYMMDDHHmm` as one number for a `YYYY-MM-DDTHH:MM:…Z` string, else undefined. */
function utcMinuteFields(t: string): number | undefined {
  if (t.length < 17 || t.charCodeAt(t.length - 1) !== 0x5a /* Z */) return undefined;
  if (t.charCodeAt(4) !== 0x2d || t.charCodeAt(7) !== 0x2d || t.charCodeAt(10) !== 0x54 || t.charCodeAt(13) !== 0x3a) return undefined;
  let n = 0;
  for (const i of DIGIT_POSITIONS) {
    const d = t.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

const EMPTY: Record<string, unknown> = Object.freeze({});

function tokens(value: unknown, field: string, lineNumber: number, report: IssueCallback): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  report(BMAS.INVALID_TOKEN_COUNT, `${field} is ${JSON.stringify(value)}; counted as 0`, lineNumber, false);
  return 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
