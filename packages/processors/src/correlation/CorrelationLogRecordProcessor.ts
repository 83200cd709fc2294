import type { Context } from '@opentelemetry/api';
import { context as contextApi } from '@opentelemetry/api';
import { ALLOW_ALL_BAGGAGE_KEYS, BaggageLogRecordProcessor } from '@opentelemetry/baggage-log-record-processor';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import { internalError } from '../diagOnce';
import type { CorrelationConfig } from '../types';
import { resolveCorrelationConfig } from './correlationConfig';
import { TrustedBaggageFilter } from './trustedBaggage';

/** The log side of correlation: the same trusted ids on every log record emitted in a request. */
export class CorrelationLogRecordProcessor implements LogRecordProcessor {
  private readonly filter: TrustedBaggageFilter;
  private readonly copier = new BaggageLogRecordProcessor(ALLOW_ALL_BAGGAGE_KEYS);

  constructor(config: CorrelationConfig = {}) {
    const resolved = resolveCorrelationConfig(config);
    this.filter = new TrustedBaggageFilter(resolved.keys, resolved.allowUntrustedKeys, resolved.sessionAsConversationId);
  }

  onEmit(logRecord: SdkLogRecord, context?: Context): void {
    try {
      const prepared = this.filter.filter(context ?? contextApi.active());
      if (prepared === undefined) return;
      this.copier.onEmit(logRecord, prepared.ctx);
      for (const [key, value] of prepared.extra) logRecord.setAttribute(key, value);
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
