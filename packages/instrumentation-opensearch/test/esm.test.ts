import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startOpenSearchServer } from '@kensa/test-servers';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dist = join(__dirname, '..', 'dist', 'index.mjs');

describe('ESM applications', () => {
  // Child processes load the built package, like an application does (`npm run build` first).
  it.skipIf(!existsSync(dist))('instruments `import { Client }` under the ESM loader hook', async () => {
    const server = await startOpenSearchServer({ seed: 3 });
    try {
      const { stdout } = await run(process.execPath, ['--import', './test/fixtures/register.mjs', './test/fixtures/esm-app.mjs'], {
        cwd: join(__dirname, '..'),
        env: { ...process.env, OPENSEARCH_URL: server.url, NODE_OPTIONS: '' },
        timeout: 30_000,
      });
      expect(stdout).toContain('HITS 2');
      const spans = stdout
        .split('\n')
        .filter((l) => l.startsWith('SPAN '))
        .map((l) => JSON.parse(l.slice(5)) as { name: string; attributes: Record<string, unknown> });
      expect(spans).toHaveLength(1);
      expect(spans[0]).toMatchObject({
        name: 'search manga-index',
        attributes: { 'db.system.name': 'opensearch', 'kensa.retrieval.k': 2, 'kensa.retrieval.results': 2 },
      });
    } finally {
      await server.close();
    }
  });
});
