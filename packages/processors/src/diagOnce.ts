import { diag } from '@opentelemetry/api';

const warned = new Set<string>();
const MAX_REMEMBERED = 1000;

/**
 * Warns through `diag` once per distinct message: bad config or odd spans repeat on every
 * request, and a warning per span would flood the application's logs.
 */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  if (warned.size >= MAX_REMEMBERED) return;
  warned.add(message);
  diag.warn(`@kensa/processors: ${message}`);
}

/** Reports an internal failure once per call site; telemetry never throws into the application. */
export function internalError(where: string, error: unknown): void {
  warnOnce(`${where} failed and was skipped: ${error instanceof Error ? error.message : String(error)}`);
}
