import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../src/LineSplitter';

function split(chunks: string[], max = 1024): Array<[string | undefined, number]> {
  const out: Array<[string | undefined, number]> = [];
  const splitter = new LineSplitter(max);
  for (const c of chunks) splitter.push(Buffer.from(c), (text, n) => out.push([text, n]));
  splitter.end((text, n) => out.push([text, n]));
  return out;
}

describe('LineSplitter', () => {
  it('joins lines split across chunks, strips CR and keeps a last line without newline', () => {
    expect(split(['{"a":', '1}\r\n{"b"', ':2}\n', 'tail'])).toEqual([
      ['{"a":1}', 1],
      ['{"b":2}', 2],
      ['tail', 3],
    ]);
  });

  it('keeps multi-byte UTF-8 characters split across chunks intact', () => {
    const bytes = Buffer.from('漫画\n');
    const splitter = new LineSplitter(100);
    const out: string[] = [];
    splitter.push(bytes.subarray(0, 4), (t) => out.push(t ?? '!'));
    splitter.push(bytes.subarray(4), (t) => out.push(t ?? '!'));
    expect(out).toEqual(['漫画']);
  });

  it('drops a line longer than the limit without holding it, and goes on with the next', () => {
    const out = split(['x'.repeat(10), 'y'.repeat(10), 'z\nok\n', 'w'.repeat(30), '\n'], 16);
    expect(out).toEqual([
      [undefined, 1],
      ['ok', 2],
      [undefined, 3],
    ]);
  });
});
