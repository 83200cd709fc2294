import type { DiagLogger } from '@opentelemetry/api';

/** A diag logger that keeps the warnings and errors it receives, for tests to assert on. */
export class WarningLog {
  readonly messages: string[] = [];
  readonly logger: DiagLogger = {
    error: (m) => this.messages.push(m),
    warn: (m) => this.messages.push(m),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };

  clear(): void {
    this.messages.length = 0;
  }
}
