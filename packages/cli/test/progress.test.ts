import { describe, expect, it } from 'vitest';
import { Progress } from '../src/cli/Progress';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { out: string } {
  const s = {
    out: '',
    isTTY,
    columns: 120,
    write(chunk: string) {
      s.out += chunk;
      return true;
    },
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    clearScreenDown: () => true,
    on: () => s,
    removeListener: () => s,
  };
  return s as unknown as NodeJS.WriteStream & { out: string };
}

describe('Progress', () => {
  it('draws nothing on a TTY before the delay has passed', () => {
    const tty = fakeStream(true);
    const p = new Progress(tty, 60_000);
    p.update(10, 100);
    p.stop();
    expect(tty.out).toBe('');
  });

  it('draws a bar on a TTY once reading takes longer than the delay', () => {
    const tty = fakeStream(true);
    const p = new Progress(tty, 0);
    p.update(50 * 1048576, 100 * 1048576);
    p.update(75 * 1048576, 100 * 1048576);
    p.stop();
    expect(tty.out).toMatch(/reading telemetry \[.*\] \d+% \| \d+\/100 MB/);
  });

  it('never draws when stderr is not a TTY', () => {
    const pipe = fakeStream(false);
    const p = new Progress(pipe, 0);
    p.update(50, 100);
    p.stop();
    expect(pipe.out).toBe('');
  });
});
