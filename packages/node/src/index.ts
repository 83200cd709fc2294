import { diag } from '@opentelemetry/api';
import type { KensaStartOptions } from './config/options';
import { KensaSdk } from './sdk/KensaSdk';

export { KensaSdk } from './sdk/KensaSdk';
export { resolveConfig, type KensaStartOptions } from './config/options';
export { fromEnv, DEFAULTS } from './config/fromEnv';
export { loadKensaConfig, type KensaConfigLoad } from './config/loadKensaConfig';
export { parseResourceAttributes } from './config/parseResourceAttributes';
export * from './config/types';
export { FileSpanExporter, type FileExporterOptions } from './exporters/FileSpanExporter';
export { FileMetricExporter, type FileMetricExporterOptions } from './exporters/FileMetricExporter';
export { FileLogRecordExporter } from './exporters/FileLogRecordExporter';
export { BoundedFileWriter, type BoundedFileWriterOptions } from './exporters/BoundedFileWriter';
export { DedupingDiagLogger, type DedupingDiagLoggerOptions } from './diag/DedupingDiagLogger';
export { INSTRUMENTATION_FACTORIES } from './instrumentations/createInstrumentations';

// The CJS and ESM builds, and the register entry, are separate module instances; one global
// slot keeps them from starting two SDKs and lets `shutdown()` find the one `register` started.
const SLOT = Symbol.for('@kensa/node.sdk');
type Slot = { [SLOT]?: KensaSdk };

/** Starts telemetry once per process; later calls return the running instance. Never throws. */
export function start(options: KensaStartOptions = {}): KensaSdk {
  const slot = globalThis as Slot;
  const existing = slot[SLOT];
  if (existing) {
    // Typically the register entry already started it from the environment.
    if (Object.keys(options).length > 0) diag.warn('kensa: start() was already called in this process; these options are ignored');
    return existing;
  }
  const sdk = new KensaSdk(options);
  slot[SLOT] = sdk;
  sdk.start();
  return sdk;
}

/** Flushes and stops what `start()` (or the register entry) started; bounded by the shutdown timeout. */
export function shutdown(): Promise<void> {
  return (globalThis as Slot)[SLOT]?.shutdown() ?? Promise.resolve();
}
