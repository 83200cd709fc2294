import { diag } from '@opentelemetry/api';
import { safeExecuteInTheMiddle } from '@opentelemetry/instrumentation';

export interface ContentRecorderOptions {
  maxLength?: number;
  redact?: (text: string) => string;
}

export const DEFAULT_MAX_CONTENT_LENGTH = 16 * 1024;

/** Turns captured content into a bounded, redacted attribute value. Only used when capture is on. */
export class ContentRecorder {
  private readonly maxLength: number;
  private readonly redact: ((text: string) => string) | undefined;

  constructor(options: ContentRecorderOptions = {}) {
    const max = options.maxLength;
    this.maxLength = typeof max === 'number' && Number.isFinite(max) && max > 0 ? Math.floor(max) : DEFAULT_MAX_CONTENT_LENGTH;
    if (max !== undefined && this.maxLength !== max) diag.warn(`@kensa/instrumentation-bedrock: maxContentLength ${String(max)} is not a positive number; using ${this.maxLength}.`);
    this.redact = options.redact;
  }

  /** JSON of `value`, redacted and cut to the limit; `undefined` when there is nothing safe to record. */
  format(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    let serialized: string | undefined;
    try {
      serialized = typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      return undefined;
    }
    if (serialized === undefined) return undefined;
    let text: string = serialized;
    if (this.redact) {
      const redact = this.redact;
      let failed = false;
      const redacted = safeExecuteInTheMiddle(
        () => redact(serialized),
        (e) => {
          if (e) {
            failed = true;
            diag.error('@kensa/instrumentation-bedrock: redact hook failed; content not recorded', e);
          }
        },
        true,
      );
      // Recording unredacted text because the redactor broke would defeat its purpose.
      if (failed || typeof redacted !== 'string') return undefined;
      text = redacted;
    }
    return text.length > this.maxLength ? `${text.slice(0, this.maxLength - 1)}…` : text;
  }
}
