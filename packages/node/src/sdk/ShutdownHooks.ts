import { diag } from '@opentelemetry/api';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type Signal = (typeof SIGNALS)[number];

/**
 * Flushes telemetry on SIGTERM/SIGINT and when the event loop empties, without changing what
 * the process would otherwise do: if the application listens for the signal it stays in
 * charge of exiting; if not, the signal is re-raised after the flush so the process ends the
 * way Node ends it (killed by that signal).
 */
export class ShutdownHooks {
  private readonly listeners = new Map<Signal, () => void>();
  private readonly onBeforeExit = () => void this.flush();
  private installed = false;

  constructor(private readonly flush: () => Promise<void>) {}

  install(): void {
    if (this.installed) return;
    this.installed = true;
    for (const signal of SIGNALS) {
      const listener = () => this.onSignal(signal);
      this.listeners.set(signal, listener);
      process.on(signal, listener);
    }
    // Batch timers are unref'd, so a short script would otherwise exit with spans still queued.
    process.once('beforeExit', this.onBeforeExit);
  }

  uninstall(): void {
    for (const [signal, listener] of this.listeners) process.removeListener(signal, listener);
    this.listeners.clear();
    process.removeListener('beforeExit', this.onBeforeExit);
  }

  private onSignal(signal: Signal): void {
    // Counted now, not at install: the application may add its handler after we start.
    const appHandlesIt = process.listenerCount(signal) > 1;
    this.flush()
      .catch((err: unknown) => diag.warn(`kensa: flush on ${signal} failed: ${(err as Error)?.message ?? String(err)}`))
      .finally(() => {
        this.uninstall();
        if (!appHandlesIt) process.kill(process.pid, signal);
      });
  }
}
