import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ContextBudgetProcessor } from './context/ContextBudgetProcessor';
import { CorrelationLogRecordProcessor } from './correlation/CorrelationLogRecordProcessor';
import { CorrelationSpanProcessor } from './correlation/CorrelationSpanProcessor';
import { ErrorPatternProcessor } from './errors/ErrorPatternProcessor';
import { LatencyBudgetProcessor } from './latency/LatencyBudgetProcessor';
import type { KensaProcessorsConfig } from './types';

/**
 * Kensa's span processors in DESIGN.md order: correlation → context budget → error pattern →
 * latency budget. Add them before the exporting processor, so their attributes are exported.
 * Each can be turned off with `false` in the config.
 */
export function createKensaSpanProcessors(config: KensaProcessorsConfig = {}): SpanProcessor[] {
  const meter = config.meterProvider ? { meterProvider: config.meterProvider } : {};
  const processors: SpanProcessor[] = [];
  if (config.correlation !== false) processors.push(new CorrelationSpanProcessor(config.correlation ?? {}));
  if (config.contextBudget !== false) processors.push(new ContextBudgetProcessor({ ...config.contextBudget, ...meter }));
  if (config.errorPattern !== false) processors.push(new ErrorPatternProcessor({ ...config.errorPattern, ...meter }));
  if (config.latencyBudget !== false) processors.push(new LatencyBudgetProcessor({ ...config.latencyBudget, ...meter }));
  return processors;
}

/** The log side of correlation: request ids on every log record. */
export function createKensaLogRecordProcessors(config: KensaProcessorsConfig = {}): LogRecordProcessor[] {
  return config.correlation === false ? [] : [new CorrelationLogRecordProcessor(config.correlation ?? {})];
}
