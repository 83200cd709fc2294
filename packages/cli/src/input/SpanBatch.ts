import { SpanRecord } from './SpanRecord';

const NUMBERS = 22;
const STRINGS = 29;
/**
 * Columns whose values are (nearly) unique per span or per trace — ids, request id, messages —
 * are only compared with the row before; the others also with their last few distinct values. A
 * string that comes back after that is sent again, which costs less than indexing every one.
 */
const UNIQUE = new Uint8Array(STRINGS);
const RECENT = 8;
for (const column of [0, 1, 2, 4, 17, 25]) UNIQUE[column] = 1;

/** A {@link SpanBatch} as it crosses from a decode worker: typed arrays (transferred) and one string table. */
export interface SpanBatchMessage {
  count: number;
  numbers: Float64Array;
  refs: Int32Array;
  strings: unknown[];
}

/**
 * Decoded spans in columns: numbers in a Float64Array, strings as indexes into a table that holds
 * repeated strings once. That is what makes a batch cheap to hand from a worker to the main
 * thread (two transferred arrays and a table of mostly shared strings, instead of an object per
 * span), and it is the one path both the in-thread and the worker reader take, so they cannot
 * disagree. Booleans that may be absent are stored as NaN / 0 / 1.
 */
export class SpanBatch {
  count = 0;
  private numbers: Float64Array;
  private refs: Int32Array;
  private strings: unknown[] = [];
  private readonly recentValue: unknown[] = new Array<unknown>(STRINGS * RECENT).fill(undefined);
  private readonly recentRef = new Int32Array(STRINGS * RECENT);
  private readonly recentNext = new Int32Array(STRINGS);
  /** The previous row's strings: consecutive spans mostly share trace, session, user and request. */
  private readonly lastValue: unknown[] = new Array<unknown>(STRINGS).fill(undefined);
  private readonly lastRef = new Int32Array(STRINGS).fill(-1);

  constructor(capacity = 1024) {
    this.numbers = new Float64Array(capacity * NUMBERS);
    this.refs = new Int32Array(capacity * STRINGS);
  }

  static fromMessage(m: SpanBatchMessage): SpanBatch {
    const b = new SpanBatch(0);
    b.count = m.count;
    b.numbers = m.numbers;
    b.refs = m.refs;
    b.strings = m.strings;
    return b;
  }

  /** Empties the batch for the next chunk (the string table starts again too). */
  clear(): void {
    this.count = 0;
    this.strings = [];
    this.recentValue.fill(undefined);
    this.recentNext.fill(0);
    this.lastValue.fill(undefined);
    this.lastRef.fill(-1);
  }

  /** Drops the rows from `count` on (a line that turned out not to be decodable by the fast path). */
  truncate(count: number): void {
    this.count = count;
  }

  /** A copy of the used part, for posting with `transfer: [numbers.buffer, refs.buffer]`. */
  toMessage(): SpanBatchMessage {
    return { count: this.count, numbers: this.numbers.slice(0, this.count * NUMBERS), refs: this.refs.slice(0, this.count * STRINGS), strings: this.strings };
  }

  push(r: SpanRecord): void {
    if (this.count * NUMBERS >= this.numbers.length) this.grow();
    const n = this.numbers;
    let o = this.count * NUMBERS;
    n[o++] = r.kind;
    n[o++] = r.startMs;
    n[o++] = r.durationMs;
    n[o++] = r.isError ? 1 : 0;
    n[o++] = r.budgetLimitMs;
    n[o++] = r.slaTargetMs;
    n[o++] = tri(r.slaMet);
    n[o++] = r.bottleneckShare;
    n[o++] = r.inputTokens;
    n[o++] = r.outputTokens;
    n[o++] = r.cacheReadTokens;
    n[o++] = r.cacheWriteTokens;
    n[o++] = r.costUsd;
    n[o++] = r.timeToFirstChunkS;
    n[o++] = r.contextUtilization;
    n[o++] = r.contextBudgetTokens;
    n[o++] = tri(r.patternTransient);
    n[o++] = r.patternConfidence;
    n[o++] = r.retrievalScoreMax;
    n[o++] = r.retrievalScoreMean;
    n[o++] = tri(r.retrievalLowRelevance);
    n[o++] = r.turn;
    const base = this.count * STRINGS;
    this.ref(base, 0, r.traceId);
    this.ref(base, 1, r.spanId);
    this.ref(base, 2, r.parentSpanId);
    this.ref(base, 3, r.name);
    this.ref(base, 4, r.statusMessage);
    this.ref(base, 5, r.component);
    this.ref(base, 6, r.budgetStatus);
    this.ref(base, 7, r.bottleneckComponent);
    this.ref(base, 8, r.operation);
    this.ref(base, 9, r.provider);
    this.ref(base, 10, r.model);
    this.ref(base, 11, r.responseModel);
    this.ref(base, 12, r.finishReasons);
    this.ref(base, 13, r.contextStatus);
    this.ref(base, 14, r.contextLargestSection);
    this.ref(base, 15, r.errorType);
    this.ref(base, 16, r.exceptionType);
    this.ref(base, 17, r.exceptionMessage);
    this.ref(base, 18, r.patternId);
    this.ref(base, 19, r.patternName);
    this.ref(base, 20, r.patternCategory);
    this.ref(base, 21, r.patternSeverity);
    this.ref(base, 22, r.patternRemediation);
    this.ref(base, 23, r.sessionId);
    this.ref(base, 24, r.userId);
    this.ref(base, 25, r.requestId);
    this.ref(base, 26, r.dbSystem);
    this.ref(base, 27, r.rpcService);
    this.ref(base, 28, r.rpcMethod);
    this.count++;
  }

  /** Fills `r` with row `i` (every field, so `r` can be reused from row to row). */
  read(i: number, r: SpanRecord): void {
    const n = this.numbers;
    let o = i * NUMBERS;
    r.kind = n[o++] as number;
    r.startMs = n[o++] as number;
    r.durationMs = n[o++] as number;
    r.isError = n[o++] === 1;
    r.budgetLimitMs = n[o++] as number;
    r.slaTargetMs = n[o++] as number;
    r.slaMet = bool(n[o++] as number);
    r.bottleneckShare = n[o++] as number;
    r.inputTokens = n[o++] as number;
    r.outputTokens = n[o++] as number;
    r.cacheReadTokens = n[o++] as number;
    r.cacheWriteTokens = n[o++] as number;
    r.costUsd = n[o++] as number;
    r.timeToFirstChunkS = n[o++] as number;
    r.contextUtilization = n[o++] as number;
    r.contextBudgetTokens = n[o++] as number;
    r.patternTransient = bool(n[o++] as number);
    r.patternConfidence = n[o++] as number;
    r.retrievalScoreMax = n[o++] as number;
    r.retrievalScoreMean = n[o++] as number;
    r.retrievalLowRelevance = bool(n[o++] as number);
    r.turn = n[o++] as number;
    const s = this.strings;
    const f = this.refs;
    const b = i * STRINGS;
    // Ids and name are always present (decoders store '' when absent), so their refs are never -1.
    r.traceId = s[f[b] as number] as string;
    r.spanId = s[f[b + 1] as number] as string;
    r.parentSpanId = s[f[b + 2] as number] as string;
    r.name = s[f[b + 3] as number] as string;
    r.statusMessage = s[f[b + 4] as number] as string;
    r.component = str(s, f[b + 5] as number);
    r.budgetStatus = str(s, f[b + 6] as number);
    r.bottleneckComponent = str(s, f[b + 7] as number);
    r.operation = str(s, f[b + 8] as number);
    r.provider = str(s, f[b + 9] as number);
    r.model = str(s, f[b + 10] as number);
    r.responseModel = str(s, f[b + 11] as number);
    r.finishReasons = str(s, f[b + 12] as number);
    r.contextStatus = str(s, f[b + 13] as number);
    r.contextLargestSection = str(s, f[b + 14] as number);
    r.errorType = str(s, f[b + 15] as number);
    r.exceptionType = str(s, f[b + 16] as number);
    r.exceptionMessage = str(s, f[b + 17] as number);
    r.patternId = str(s, f[b + 18] as number);
    r.patternName = str(s, f[b + 19] as number);
    r.patternCategory = str(s, f[b + 20] as number);
    r.patternSeverity = str(s, f[b + 21] as number);
    r.patternRemediation = str(s, f[b + 22] as number);
    r.sessionId = str(s, f[b + 23] as number);
    r.userId = str(s, f[b + 24] as number);
    r.requestId = str(s, f[b + 25] as number);
    r.dbSystem = str(s, f[b + 26] as number);
    r.rpcService = str(s, f[b + 27] as number);
    r.rpcMethod = str(s, f[b + 28] as number);
  }

  private ref(base: number, column: number, value: unknown): void {
    if (value === undefined) {
      this.refs[base + column] = -1;
      return;
    }
    if (value === this.lastValue[column]) {
      this.refs[base + column] = this.lastRef[column] as number;
      return;
    }
    let id = -1;
    if (UNIQUE[column] !== 1) {
      // The column's last few distinct values: names and components cycle through a trace's span
      // kinds, and the decoder hands out the same string object for the same bytes.
      const at = column * RECENT;
      for (let k = at; k < at + RECENT; k++) {
        if (this.recentValue[k] === value) {
          id = this.recentRef[k] as number;
          break;
        }
      }
      if (id < 0) {
        id = this.strings.length;
        this.strings.push(value);
        const k = at + ((this.recentNext[column] as number) % RECENT);
        this.recentNext[column] = (this.recentNext[column] as number) + 1;
        this.recentValue[k] = value;
        this.recentRef[k] = id;
      }
    } else {
      id = this.strings.length;
      this.strings.push(value);
    }
    this.lastValue[column] = value;
    this.lastRef[column] = id;
    this.refs[base + column] = id;
  }

  private grow(): void {
    const numbers = new Float64Array(Math.max(1024, this.numbers.length / NUMBERS * 2) * NUMBERS);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const refs = new Int32Array((numbers.length / NUMBERS) * STRINGS);
    refs.set(this.refs);
    this.refs = refs;
  }
}

function tri(b: boolean | undefined): number {
  return b === undefined ? NaN : b ? 1 : 0;
}

function bool(n: number): boolean | undefined {
  return n === 1 ? true : n === 0 ? false : undefined;
}

function str(strings: unknown[], ref: number): string | undefined {
  return ref < 0 ? undefined : (strings[ref] as string);
}
