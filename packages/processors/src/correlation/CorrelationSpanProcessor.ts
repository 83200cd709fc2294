import type { Baggage, Context } from '@opentelemetry/api';
import { ROOT_CONTEXT, propagation } from '@opentelemetry/api';
import { ALLOW_ALL_BAGGAGE_KEYS, BaggageSpanProcessor } from '@opentelemetry/baggage-span-processor';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_KENSA_CONVERSATION_TURN, ATTR_SESSION_ID } from '@kensa/semconv';
import { internalError } from '../diagOnce';
import type { CorrelationConfig } from '../types';
import { resolveCorrelationConfig } from './correlationConfig';
import { TrustedBaggageFilter } from './trustedBaggage';

/**
 * Copies the request's ids from baggage onto every span at start. The copying itself is the
 * contrib BaggageSpanProcessor; in front of it, the baggage is narrowed to trusted entries of the
 * configured keys, so ids forged in incoming headers never become attributes.
 */
export class CorrelationSpanProcessor implements SpanProcessor {
  private readonly filter: TrustedBaggageFilter;
  private readonly copier = new BaggageSpanProcessor(ALLOW_ALL_BAGGAGE_KEYS);
  // One context per filtered baggage: the copier only reads baggage from it, so reuse is safe.
  private readonly contexts = new WeakMap<Baggage, Context>();
  private readonly sessionAsConversationId: boolean;

  constructor(config: CorrelationConfig = {}) {
    const resolved = resolveCorrelationConfig(config);
    this.filter = new TrustedBaggageFilter(resolved.keys, resolved.allowUntrustedKeys);
    this.sessionAsConversationId = resolved.sessionAsConversationId;
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const baggage = this.filter.filter(parentContext);
      if (baggage === undefined) return;
      let ctx = this.contexts.get(baggage);
      if (ctx === undefined) {
        ctx = propagation.setBaggage(ROOT_CONTEXT, baggage);
        this.contexts.set(baggage, ctx);
      }
      this.copier.onStart(span, ctx);
      // Baggage values are strings; the turn is a number in our conventions.
      const turn = baggage.getEntry(ATTR_KENSA_CONVERSATION_TURN);
      if (turn !== undefined) {
        const n = Number(turn.value);
        if (Number.isSafeInteger(n)) span.setAttribute(ATTR_KENSA_CONVERSATION_TURN, n);
      }
      if (this.sessionAsConversationId) {
        const session = baggage.getEntry(ATTR_SESSION_ID);
        if (session !== undefined) span.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, session.value);
      }
    } catch (error) {
      internalError('CorrelationSpanProcessor.onStart', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
