import type { Instrumentation } from '@opentelemetry/instrumentation';
import * as bedrockModule from '@kensa/instrumentation-bedrock';
import * as openSearchModule from '@kensa/instrumentation-opensearch';
import type { InstrumentationContext } from './createInstrumentations';

type InstrumentationClass = new (config?: Record<string, unknown>) => Instrumentation;

/** `@kensa/instrumentation-bedrock`'s `BedrockInstrumentation`, when that package exports it. */
export function createBedrockInstrumentation(ctx: InstrumentationContext): Instrumentation | undefined {
  return construct(bedrockModule, 'BedrockInstrumentation', {
    ...section(ctx, 'bedrock'),
    captureMessageContent: ctx.captureMessageContent,
  });
}

/** `@kensa/instrumentation-opensearch`'s `OpenSearchInstrumentation`, when that package exports it. */
export function createOpenSearchInstrumentation(ctx: InstrumentationContext): Instrumentation | undefined {
  return construct(openSearchModule, 'OpenSearchInstrumentation', {
    ...section(ctx, 'opensearch'),
    captureContent: ctx.captureMessageContent,
  });
}

// Read through the namespace so this compiles and runs before (or without) the named export.
function construct(module: object, exportName: string, config: Record<string, unknown>): Instrumentation | undefined {
  const Class = (module as Record<string, unknown>)[exportName];
  if (typeof Class !== 'function') return undefined;
  return new (Class as InstrumentationClass)(config);
}

/** The Kensa config file's section for one instrumentation (`bedrock:`, `opensearch:`), if any. */
function section(ctx: InstrumentationContext, name: string): Record<string, unknown> {
  const value = ctx.kensaConfig?.[name];
  return isRecord(value) ? value : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
