import { diag } from '@opentelemetry/api';
import * as processorsModule from '@kensa/processors';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

// Read through the namespace so this compiles and runs before the factories land in that package.
const namespace = processorsModule as Record<string, unknown>;

/**
 * The processors' own config from the parsed Kensa config file: validated by `@kensa/processors`'
 * `loadProcessorsConfig` when it exports one (it reports each problem once), else passed as is.
 */
export function resolveKensaProcessorsConfig(kensaConfig: unknown): unknown {
  const load = namespace['loadProcessorsConfig'];
  if (typeof load !== 'function' || kensaConfig === undefined) return kensaConfig;
  try {
    return load(kensaConfig);
  } catch (err) {
    diag.warn(`kensa: @kensa/processors rejected the config file (${(err as Error).message}); using its defaults`);
    return undefined;
  }
}

/**
 * `@kensa/processors`' span processors (correlation, context budget, error pattern, latency
 * budget), given the parsed Kensa config file. They must precede the export processors so the
 * attributes they add are on the span when it is batched.
 */
export function createKensaSpanProcessors(kensaConfig: unknown): SpanProcessor[] {
  return callFactory<SpanProcessor>('createKensaSpanProcessors', kensaConfig);
}

/** `@kensa/processors`' log-record processors (baggage correlation), when it exports them. */
export function createKensaLogRecordProcessors(kensaConfig: unknown): LogRecordProcessor[] {
  return callFactory<LogRecordProcessor>('createKensaLogRecordProcessors', kensaConfig);
}

function callFactory<T>(name: string, kensaConfig: unknown): T[] {
  const factory = namespace[name];
  if (typeof factory !== 'function') return [];
  try {
    const result: unknown = factory(kensaConfig);
    return Array.isArray(result) ? (result as T[]) : [];
  } catch (err) {
    diag.warn(`kensa: @kensa/processors ${name} failed (${(err as Error).message}); spans are exported without Kensa attributes`);
    return [];
  }
}
