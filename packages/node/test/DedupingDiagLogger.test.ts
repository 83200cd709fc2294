import type { DiagLogger } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { DedupingDiagLogger } from '../src/diag/DedupingDiagLogger';

function recorder() {
  const lines: string[] = [];
  const logger: DiagLogger = {
    error: (m) => lines.push(`error ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    info: (m) => lines.push(`info ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
    verbose: (m) => lines.push(`verbose ${m}`),
  };
  return { lines, logger };
}

describe('DedupingDiagLogger', () => {
  it('prints an identical warning once per window, then says how often it repeated', () => {
    let now = 0;
    const { lines, logger } = recorder();
    const log = new DedupingDiagLogger(logger, { windowMillis: 1000, now: () => now });
    for (let i = 0; i < 3; i++) log.warn('Unknown value for OTEL_EXPORTER_OTLP_TIMEOUT');
    log.warn('another problem');
    log.error('Unknown value for OTEL_EXPORTER_OTLP_TIMEOUT');
    now = 1500;
    log.warn('Unknown value for OTEL_EXPORTER_OTLP_TIMEOUT');
    expect(lines).toEqual([
      'warn Unknown value for OTEL_EXPORTER_OTLP_TIMEOUT',
      'warn another problem',
      'error Unknown value for OTEL_EXPORTER_OTLP_TIMEOUT',
      'warn Unknown value for OTEL_EXPORTER_OTLP_TIMEOUT (repeated 2 more times since it was last shown)',
    ]);
  });

  it('passes info and below straight through', () => {
    const { lines, logger } = recorder();
    const log = new DedupingDiagLogger(logger);
    log.info('x');
    log.info('x');
    log.debug('y');
    expect(lines).toEqual(['info x', 'info x', 'debug y']);
  });

  it('remembers a bounded number of messages', () => {
    const { lines, logger } = recorder();
    const log = new DedupingDiagLogger(logger, { maxMessages: 2 });
    log.warn('a');
    log.warn('b');
    log.warn('c'); // forgets "a"
    log.warn('a');
    log.warn('c');
    expect(lines).toEqual(['warn a', 'warn b', 'warn c', 'warn a']);
  });
});
