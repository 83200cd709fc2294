import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BmasError } from '../src/bmas';
import { readLogObject } from '../src/readLogObject';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `{"n":${i}}`).join('\n') + '\n';

async function read(body: Buffer, chunk = 7): Promise<{ lines: string[]; count: number }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += chunk) pieces.push(body.subarray(i, i + chunk));
  const seen: string[] = [];
  const count = await readLogObject(Readable.from(pieces), 1024, (text) => seen.push(text ?? '!'));
  return { lines: seen, count };
}

describe('readLogObject', () => {
  it('reads every line of a gzip object delivered in tiny chunks, and of concatenated gzip members', async () => {
    expect((await read(gzipSync(lines(500)))).count).toBe(500);
    const twoMembers = Buffer.concat([gzipSync(lines(3)), gzipSync(lines(2))]);
    expect((await read(twoMembers)).lines).toEqual(['{"n":0}', '{"n":1}', '{"n":2}', '{"n":0}', '{"n":1}']);
  });

  it('treats a zero-byte object and an empty gzip member as an empty log', async () => {
    expect((await read(Buffer.alloc(0))).count).toBe(0);
    expect((await read(gzipSync(''))).count).toBe(0);
  });

  it('rejects a truncated gzip object with BMAS-003, after the lines it could read', async () => {
    const whole = gzipSync(lines(2000));
    const error = await read(whole.subarray(0, Math.floor(whole.length / 2))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BmasError);
    expect((error as BmasError).code).toBe('BMAS-003');
    expect((error as BmasError).message).toMatch(/corrupt or truncated/);
  });

  it('rejects an object that is not gzip with BMAS-003 before reading it', async () => {
    const error = await read(Buffer.from(lines(3))).catch((e: unknown) => e);
    expect((error as BmasError).code).toBe('BMAS-003');
    expect((error as BmasError).message).toMatch(/not gzip/);
  });
});
