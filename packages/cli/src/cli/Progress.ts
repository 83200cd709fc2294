import { SingleBar } from 'cli-progress';

/**
 * A byte-based progress bar on stderr that appears only on a TTY and only once reading has taken
 * more than `delayMs` (default 1 s), so quick runs and piped output stay clean.
 */
export class Progress {
  private bar: SingleBar | undefined;
  private readonly startedAt = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream | undefined, private readonly delayMs = 1000) {}

  update(done: number, total: number): void {
    if (this.stream?.isTTY !== true) return;
    if (this.bar === undefined) {
      if (Date.now() - this.startedAt < this.delayMs) return;
      this.bar = new SingleBar({
        stream: this.stream,
        format: 'reading telemetry [{bar}] {percentage}% | {doneMb}/{totalMb} MB | eta {eta}s',
        hideCursor: true,
        clearOnComplete: true,
      });
      this.bar.start(total, done, { doneMb: mb(done), totalMb: mb(total) });
      return;
    }
    this.bar.update(done, { doneMb: mb(done), totalMb: mb(total) });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(0);
}
