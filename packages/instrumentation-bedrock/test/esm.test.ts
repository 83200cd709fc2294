import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as sc from '@kensa/semconv';
import { describe, expect, it } from 'vitest';
import { server } from './setup';

const run = promisify(execFile);

describe('an ESM application (node --import, built package)', () => {
  it('gets one span per call for import-ed clients, streams included', async () => {
    const dir = join(__dirname, 'esm');
    const { stdout } = await run(process.execPath, ['--import', join(dir, 'register.mjs'), join(dir, 'app.mjs')], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, BEDROCK_URL: server.url },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout) as { chunks: number; spans: Array<{ name: string; attributes: Record<string, unknown> }> };
    expect(result.chunks).toBeGreaterThan(5);
    expect(result.spans.map((s) => s.name)).toEqual(['chat amazon.nova-lite-v1:0', 'chat anthropic.claude-3-haiku-20240307-v1:0']);
    expect(result.spans[1]?.attributes[sc.ATTR_KENSA_GEN_AI_STREAM_END]).toBe('completed');
    expect(result.spans[1]?.attributes[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(28);
  });
});
