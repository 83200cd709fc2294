import { startOpenSearchServer, MANGA_DOCUMENTS } from '@kensa/test-servers';
import { describe, expect, it } from 'vitest';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('startOpenSearchServer', () => {
  it('answers _search with manga titles, decreasing scores and a took drawn from the latency range', async () => {
    const server = await startOpenSearchServer({ latencyMs: [100, 200], seed: 1 });
    try {
      const started = Date.now();
      const res = await post(`${server.url}/manga-index/_search`, { size: 4, query: { knn: { embedding: { vector: [0.1], k: 4 } } } });
      const elapsed = Date.now() - started;
      const body = (await res.json()) as { took: number; hits: { max_score: number; hits: Array<{ _score: number; _source: { title: string } }> } };
      expect(res.status).toBe(200);
      expect(body.took).toBeGreaterThanOrEqual(100);
      expect(body.took).toBeLessThanOrEqual(200);
      expect(elapsed).toBeGreaterThanOrEqual(99);
      expect(body.hits.hits).toHaveLength(4);
      const scores = body.hits.hits.map((h) => h._score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      expect(body.hits.max_score).toBe(scores[0]);
      const titles = MANGA_DOCUMENTS.map((d) => d._source['title']);
      for (const h of body.hits.hits) expect(titles).toContain(h._source.title);
      expect(server.requests[0]).toMatchObject({ operation: 'search', targetIndex: 'manga-index', k: 4 });
    } finally {
      await server.close();
    }
  });

  it('is repeatable with a seed', async () => {
    const run = async () => {
      const server = await startOpenSearchServer({ seed: 42 });
      try {
        const res = await post(`${server.url}/manga-index/_search`, { size: 3 });
        return ((await res.json()) as { hits: { hits: Array<{ _id: string; _score: number }> } }).hits.hits;
      } finally {
        await server.close();
      }
    };
    expect(await run()).toEqual(await run());
  });

  it('answers 404 index_not_found_exception for unknown indices, and scripted errors in OpenSearch shape', async () => {
    const server = await startOpenSearchServer({ respond: (_req, i) => (i === 1 ? { error: 'rejected_execution' } : undefined) });
    try {
      const missing = await post(`${server.url}/nope/_search`, {});
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { type: string } }).error.type).toBe('index_not_found_exception');
      const rejected = await post(`${server.url}/manga-index/_search`, {});
      expect(rejected.status).toBe(429);
      server.enqueue({ error: 'search_phase_execution' });
      const bad = await post(`${server.url}/manga-index/_search`, {});
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { type: string; root_cause: Array<{ type: string }> } }).error).toMatchObject({
        type: 'search_phase_execution_exception',
        root_cause: [{ type: 'query_shard_exception' }],
      });
      expect((await fetch(server.url, { method: 'HEAD' })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers _msearch per entry and closes with hung requests open', async () => {
    const server = await startOpenSearchServer();
    try {
      server.enqueue({ scores: [0.5] }, { error: 'index_not_found' });
      const ndjson = '{"index":"manga-index"}\n{"size":1}\n{"index":"x"}\n{"size":1}\n';
      const res = await fetch(`${server.url}/_msearch`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: ndjson });
      const body = (await res.json()) as { responses: Array<{ status: number }> };
      expect(body.responses.map((r) => r.status)).toEqual([200, 404]);
      server.enqueue({ hang: true });
      const hung = post(`${server.url}/manga-index/_search`, {}).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 50));
      await server.close();
      expect(await hung).toBeInstanceOf(Error);
    } finally {
      await server.close();
    }
  });
});
