import type { Instrumentation } from '@opentelemetry/instrumentation';
import * as bedrockModule from '@kensa/instrumentation-bedrock';
import type { InstrumentationContext } from './createInstrumentations';

type InstrumentationClass = new (config?: Record<string, unknown>) => Instrumentation;

// Read through the namespace so this compiles and runs before the class lands in that package.
const namespace = bedrockModule as Record<string, unknown>;

/** `@kensa/instrumentation-bedrock`'s `BedrockInstrumentation`, when that package exports it. */
export function createBedrockInstrumentation(ctx: InstrumentationContext): Instrumentation | undefined {
  const BedrockInstrumentation = namespace['BedrockInstrumentation'];
  if (typeof BedrockInstrumentation !== 'function') return undefined;
  const bedrockSection = ctx.kensaConfig?.['bedrock'];
  return new (BedrockInstrumentation as InstrumentationClass)({
    ...(isRecord(bedrockSection) ? bedrockSection : {}),
    captureMessageContent: ctx.captureMessageContent,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
