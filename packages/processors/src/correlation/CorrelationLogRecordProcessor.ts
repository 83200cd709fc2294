import type { Baggage, Context } from '@opentelemetry/api';
import { ROOT_CONTEXT, context as contextApi, propagation } from '@opentelemetry/api';
import { ALLOW_ALL_BAGGAGE_KEYS, BaggageLogRecordProcessor } from '@opentelemetry/baggage-log-record-processor';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_KENSA_CONVERSATION_TURN, ATTR_SESSION_ID } from '@kensa/semconv';
import { internalError } from '../diagOnce';
import type { CorrelationConfig } from '../types';
import { resolveCorrelationConfig } from './correlationConfig';
import { TrustedBaggageFilter } from './trustedBaggage';

/** The log side of correlation: the same trusted ids on every log record emitted in a request. */
export class CorrelationLogRecordProcessor implements LogRecordProcessor {
  private readonly filter: TrustedBaggageFilter;
  private readonly copier = new BaggageLogRecordProcessor(ALLOW_ALL_BAGGAGE_KEYS);
  private readonly contexts = new WeakMap<Baggage, Context>();
  private readonly sessionAsConversationId: boolean;

  constructor(config: CorrelationConfig = {}) {
    const resolved = resolveCorrelationConfig(config);
    this.filter = new TrustedBaggageFilter(resolved.keys, resolved.allowUntrustedKeys);
    this.sessionAsConversationId = resolved.sessionAsConversationId;
  }

  onEmit(logRecord: SdkLogRecord, context?: Context): void {
    try {
      const baggage = this.filter.filter(context ?? contextApi.active());
      if (baggage === undefined) return;
      let ctx = this.contexts.get(baggage);
      if (ctx === undefined) {
        ctx = propagation.setBaggage(ROOT_CONTEXT, baggage);
        this.contexts.set(baggage, ctx);
      }
      this.copier.onEmit(logRecord, ctx);
      const turn = baggage.getEntry(ATTR_KENSA_CONVERSATION_TURN);
      if (turn !== undefined) {
        const n = Number(turn.value);
        if (Number.isSafeInteger(n)) logRecord.setAttribute(ATTR_KENSA_CONVERSATION_TURN, n);
      }
      if (this.sessionAsConversationId) {
        const session = baggage.getEntry(ATTR_SESSION_ID);
        if (session !== undefined) logRecord.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, session.value);
      }
    } catch (error) {
      internalError('CorrelationLogRecordProcessor.onEmit', error);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
