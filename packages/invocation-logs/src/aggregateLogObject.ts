import type { Readable } from 'node:stream';
import type { CatalogOverrides } from '@kensa/bedrock';
import { BMAS, type BmasCode } from './bmas';
import { MinuteAggregator, type Series } from './MinuteAggregator';
import { readLogObject } from './readLogObject';
import { RecordParser, regionFromKey, type IssueCallback } from './RecordParser';
import type { IdentityMode } from './types';

export interface AggregateOptions {
  /** The object key: the source region is taken from it when a record lacks one. */
  key: string;
  identity?: IdentityMode;
  maxSeries?: number;
  maxLineBytes?: number;
  catalog?: CatalogOverrides;
  /** Every problem, with its line; skipped lines have `skip` true. */
  onIssue?: IssueCallback;
}

export interface AggregateResult {
  records: number;
  lines: number;
  /** Skipped lines per BMAS code. */
  skipped: Map<BmasCode, number>;
  /** Earliest record minute, ms since the epoch. */
  firstMinuteMs?: number;
  series: Series[];
  /** True when the series limit folded identities into `_other`. */
  folded: boolean;
}

/** Streams one gzip'd invocation-log object into per-minute series with constant memory. */
export async function aggregateLogObject(body: Readable, options: AggregateOptions): Promise<AggregateResult> {
  const maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
  const parser = new RecordParser(regionFromKey(options.key));
  const aggregator = new MinuteAggregator({
    ...(options.identity !== undefined ? { identity: options.identity } : {}),
    ...(options.maxSeries !== undefined ? { maxSeries: options.maxSeries } : {}),
    ...(options.catalog !== undefined ? { catalog: options.catalog } : {}),
  });
  const skipped = new Map<BmasCode, number>();
  const report: IssueCallback = (code, message, line, skip) => {
    if (skip) skipped.set(code, (skipped.get(code) ?? 0) + 1);
    options.onIssue?.(code, message, line, skip);
  };
  let records = 0;
  let firstMinuteMs: number | undefined;
  const lines = await readLogObject(body, maxLineBytes, (text, line) => {
    if (text === undefined) {
      report(BMAS.MEMORY_LIMIT, `line longer than ${maxLineBytes} bytes; skipped`, line, true);
      return;
    }
    const record = parser.parse(text, line, report);
    if (record === undefined) return;
    if (aggregator.add(record, line, report)) {
      records += 1;
      if (firstMinuteMs === undefined || record.minuteMs < firstMinuteMs) firstMinuteMs = record.minuteMs;
    }
  });
  return { records, lines, skipped, ...(firstMinuteMs !== undefined ? { firstMinuteMs } : {}), series: aggregator.series(), folded: aggregator.folded };
}
