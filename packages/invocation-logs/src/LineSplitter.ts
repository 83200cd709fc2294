/** Called once per line: `text` is undefined when the line was longer than the limit and was dropped. */
export type LineCallback = (text: string | undefined, lineNumber: number) => void;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into UTF-8 lines while holding at most `maxLineBytes` of one unfinished line.
 * readline has no length limit, so one giant line could take the whole heap; here it is skipped instead.
 * Lines are reported synchronously: no promise per line on the hot path.
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overflowing = false;
  private lineNumber = 0;

  constructor(maxLineBytes: number) {
    this.maxLineBytes = maxLineBytes;
  }

  get linesSeen(): number {
    return this.lineNumber;
  }

  push(chunk: Buffer, onLine: LineCallback): void {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) break;
      this.emit(chunk, start, end, onLine);
      start = end + 1;
    }
    if (start < chunk.length) this.hold(chunk, start, chunk.length);
  }

  /** Flushes a last line without a trailing newline. */
  end(onLine: LineCallback): void {
    if (this.pendingBytes > 0 || this.overflowing) this.emit(Buffer.alloc(0), 0, 0, onLine);
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    if (this.overflowing) return;
    const length = end - start;
    if (this.pendingBytes + length > this.maxLineBytes) {
      this.overflowing = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copy: the stream may reuse its chunk buffers.
    this.pending.push(Buffer.from(chunk.subarray(start, end)));
    this.pendingBytes += length;
  }

  private emit(chunk: Buffer, start: number, end: number, onLine: LineCallback): void {
    this.lineNumber += 1;
    if (this.overflowing || this.pendingBytes + (end - start) > this.maxLineBytes) {
      this.overflowing = false;
      this.pending = [];
      this.pendingBytes = 0;
      onLine(undefined, this.lineNumber);
      return;
    }
    let text: string;
    if (this.pendingBytes === 0) {
      if (end > start && chunk[end - 1] === CARRIAGE_RETURN) end -= 1;
      text = chunk.toString('utf8', start, end);
    } else {
      this.pending.push(chunk.subarray(start, end));
      const whole = Buffer.concat(this.pending);
      const stop = whole.length > 0 && whole[whole.length - 1] === CARRIAGE_RETURN ? whole.length - 1 : whole.length;
      text = whole.toString('utf8', 0, stop);
      this.pending = [];
      this.pendingBytes = 0;
    }
    onLine(text, this.lineNumber);
  }
}
