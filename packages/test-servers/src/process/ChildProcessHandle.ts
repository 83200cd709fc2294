import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** How much of a child's output is kept for failure messages: enough for a Go stack trace, bounded. */
const OUTPUT_LIMIT = 64 * 1024;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

// A test that throws before its afterAll, or a vitest worker that exits early, must not leave collectors
// moto or redis-server holding ports on a shared machine.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * A spawned server process: its combined stdout/stderr tail, a promise of its exit, and stop (SIGTERM,
 * then SIGKILL after a grace period) / kill (SIGKILL) that resolve once the process is gone.
 */
export class ChildProcessHandle {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private output = '';
  private hasExited = false;

  constructor(command: string, args: readonly string[], options: SpawnOptions) {
    installExitHook();
    this.child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(this.child);
    const append = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8');
      if (this.output.length > OUTPUT_LIMIT) this.output = this.output.slice(-OUTPUT_LIMIT);
    };
    this.child.stdout?.on('data', append);
    this.child.stderr?.on('data', append);
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null): void => {
        this.hasExited = true;
        running.delete(this.child);
        resolve({ code, signal });
      };
      this.child.once('exit', done);
      this.child.once('error', (error) => {
        this.output += `\nspawn failed: ${error.message}`;
        done(null, null);
      });
    });
  }

  get isRunning(): boolean {
    return !this.hasExited;
  }

  /** The last 64 KiB the process printed on stdout and stderr. */
  outputTail(chars = 4000): string {
    return this.output.slice(-chars);
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (this.hasExited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    if (this.hasExited) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/**
 * Polls `probe` until it returns true. Fails early with `describeFailure()` when `handle` exits first, so a
 * crash on start-up reports the process's own message instead of a timeout.
 */
export async function waitUntilReady(
  handle: ChildProcessHandle,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!handle.isRunning) {
      const { code, signal } = await handle.exited;
      throw new Error(`${what} exited before it was ready (code ${code}, signal ${signal}):\n${handle.outputTail()}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      await handle.kill();
      throw new Error(`${what} was not ready after ${timeoutMs} ms:\n${handle.outputTail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
