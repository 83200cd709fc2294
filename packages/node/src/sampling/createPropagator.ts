import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import type { PropagatorName } from '../config/types';

/**
 * The propagators in `OTEL_PROPAGATORS` order; `null` (no list) tells NodeSDK to leave the
 * global propagator alone, which is what `OTEL_PROPAGATORS=none` asks for.
 */
export function createPropagator(names: readonly PropagatorName[]): TextMapPropagator | null {
  if (names.length === 0) return null;
  const propagators = names.map((name): TextMapPropagator => {
    switch (name) {
      case 'tracecontext':
        return new W3CTraceContextPropagator();
      case 'baggage':
        return new W3CBaggagePropagator();
      case 'xray':
        return new AWSXRayPropagator();
    }
  });
  return new CompositePropagator({ propagators });
}
