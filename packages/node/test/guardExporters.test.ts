import { diag, DiagLogLevel } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BackoffExporter, type BatchExporter } from '../src/exporters/BackoffExporter';
import { StdoutGuardExporter } from '../src/exporters/StdoutGuardExporter';
import { WarningLog } from './support/WarningLog';

/** An exporter whose outcome the test decides, counting what reached it. */
class ScriptedExporter implements BatchExporter<string[]> {
  received: string[][] = [];
  constructor(public outcome: ExportResultCode) {}
  export(items: string[], cb: (r: ExportResult) => void): void {
    this.received.push(items);
    cb({ code: this.outcome });
  }
  async shutdown(): Promise<void> {}
}

const run = (e: BatchExporter<string[]>, items: string[]) => new Promise<ExportResult>((resolve) => e.export(items, resolve));

afterEach(() => diag.disable());

describe('BackoffExporter', () => {
  it('skips batches without touching the exporter while backing off, doubling the pause up to the cap', async () => {
    let now = 0;
    const inner = new ScriptedExporter(ExportResultCode.FAILED);
    const exporter = new BackoffExporter(inner, { initialBackoffMillis: 100, maxBackoffMillis: 300, now: () => now });

    expect((await run(exporter, ['a'])).code).toBe(ExportResultCode.FAILED); // reaches the collector, fails
    expect((await run(exporter, ['b'])).code).toBe(ExportResultCode.FAILED); // skipped
    now = 99;
    await run(exporter, ['c']); // still skipped
    expect(inner.received).toEqual([['a']]);

    now = 100;
    await run(exporter, ['d']); // tried again, fails: next pause 200
    now = 299;
    await run(exporter, ['e']);
    now = 300;
    await run(exporter, ['f']); // fails: pause capped at 300
    now = 599;
    await run(exporter, ['g']);
    expect(inner.received).toEqual([['a'], ['d'], ['f']]);

    inner.outcome = ExportResultCode.SUCCESS;
    now = 600;
    expect((await run(exporter, ['h'])).code).toBe(ExportResultCode.SUCCESS);
    expect((await run(exporter, ['i'])).code).toBe(ExportResultCode.SUCCESS); // reset: no pause after success
    inner.outcome = ExportResultCode.FAILED;
    await run(exporter, ['j']);
    now = 700;
    await run(exporter, ['k']); // the pause is back to 100
    expect(inner.received.map((b) => b[0])).toEqual(['a', 'd', 'f', 'h', 'i', 'j', 'k']);
  });
});

describe('StdoutGuardExporter', () => {
  it('drops while the stream has more than its limit buffered, warning once', async () => {
    const { messages: warnings, logger } = new WarningLog();
    diag.setLogger(logger, DiagLogLevel.WARN);
    const stream = { writableLength: 0 };
    const inner = new ScriptedExporter(ExportResultCode.SUCCESS);
    const exporter = new StdoutGuardExporter(inner, stream, 1000);
    expect((await run(exporter, ['a'])).code).toBe(ExportResultCode.SUCCESS);
    stream.writableLength = 1001;
    expect((await run(exporter, ['b'])).code).toBe(ExportResultCode.FAILED);
    expect((await run(exporter, ['c'])).code).toBe(ExportResultCode.FAILED);
    stream.writableLength = 10;
    expect((await run(exporter, ['d'])).code).toBe(ExportResultCode.SUCCESS);
    expect(inner.received).toEqual([['a'], ['d']]);
    expect(warnings).toHaveLength(1);
  });
});
