import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { startOpenSearchServer, type OpenSearchServer } from '@kensa/test-servers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exporter, instrumentation, opensearch, provider } from './setup';

let server: OpenSearchServer;
let client: InstanceType<typeof opensearch.Client>;

const knn = (k: number) => ({ size: k, query: { knn: { embedding: { vector: Array.from({ length: 64 }, (_, i) => i / 64), k } } }, _source: ['title'] });

beforeAll(async () => {
  server = await startOpenSearchServer({ seed: 7 });
  client = new opensearch.Client({ node: server.url, maxRetries: 0, requestTimeout: 2000 });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
beforeEach(() => {
  exporter.reset();
  server.reset();
  instrumentation.setConfig({});
});

const only = () => {
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
};

describe('search', () => {
  it('records a k-NN search: index, k, hits, scores, server time', async () => {
    server.enqueue({ scores: [0.91, 0.84, 0.72, 0.6, 0.55] });
    const result = await client.search({ index: 'manga-index', body: knn(5) });
    expect(result.body.hits.hits).toHaveLength(5);
    const span = only();
    expect(span.name).toBe('search manga-index');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'db.system.name': 'opensearch',
      'db.operation.name': 'search',
      'db.collection.name': 'manga-index',
      'db.response.status_code': '200',
      'kensa.retrieval.query_type': 'knn',
      'kensa.retrieval.k': 5,
      'kensa.retrieval.results': 5,
      'kensa.retrieval.score.min': 0.55,
      'kensa.retrieval.score.max': 0.91,
      'kensa.retrieval.score.mean': 0.724,
      'server.address': '127.0.0.1',
      'server.port': server.port,
    });
    expect(typeof span.attributes['kensa.retrieval.took_ms']).toBe('number');
    expect(span.attributes['kensa.retrieval.low_relevance']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('returns the client result unchanged and answers with realistic manga hits by default', async () => {
    const result = await client.search({ index: 'manga-index', body: knn(3) });
    const hits = result.body.hits.hits as Array<{ _score: number; _source: { title: string } }>;
    expect(hits).toHaveLength(3);
    expect(hits[0]!._score).toBeGreaterThan(hits[2]!._score);
    expect(typeof hits[0]!._source.title).toBe('string');
    expect(result.statusCode).toBe(200);
  });

  it('flags low relevance below the threshold, and an empty answer', async () => {
    server.enqueue({ scores: [0.28, 0.2] }, { hits: [] });
    await client.search({ index: 'manga-index', body: knn(2) });
    await client.search({ index: 'manga-index', body: knn(2) });
    const [low, empty] = exporter.getFinishedSpans();
    expect(low!.attributes['kensa.retrieval.low_relevance']).toBe(true);
    expect(empty!.attributes).toMatchObject({ 'kensa.retrieval.results': 0, 'kensa.retrieval.low_relevance': true });

    instrumentation.setConfig({ lowRelevanceThreshold: 0.1 });
    server.enqueue({ scores: [0.28] });
    await client.search({ index: 'manga-index', body: knn(1) });
    expect(exporter.getFinishedSpans()[2]!.attributes['kensa.retrieval.low_relevance']).toBeUndefined();
  });

  it('accepts the config file spelling and ignores a bad threshold', async () => {
    instrumentation.setConfig({ low_relevance_threshold: 0.95 } as never);
    server.enqueue({ scores: [0.9] });
    await client.search({ index: 'manga-index', body: knn(1) });
    expect(only().attributes['kensa.retrieval.low_relevance']).toBe(true);
    exporter.reset();
    instrumentation.setConfig({ lowRelevanceThreshold: 'high' } as never);
    server.enqueue({ scores: [0.29] });
    await client.search({ index: 'manga-index', body: knn(1) });
    expect(only().attributes['kensa.retrieval.low_relevance']).toBe(true);
  });

  it('recognises neural and script-score queries', async () => {
    await client.search({ index: 'manga-index', body: { query: { neural: { embedding: { query_text: 'pirates', model_id: 'm', k: 4 } } } } });
    await client.search({
      index: 'manga-index',
      body: { size: 3, query: { script_score: { query: { match_all: {} }, script: { source: 'knn_score', params: { field: 'embedding', query_value: [0.1], space_type: 'cosinesimil' } } } } },
    });
    const [neural, script] = exporter.getFinishedSpans();
    expect(neural!.attributes).toMatchObject({ 'kensa.retrieval.query_type': 'neural', 'kensa.retrieval.k': 4, 'kensa.retrieval.results': 4 });
    expect(script!.attributes).toMatchObject({ 'kensa.retrieval.query_type': 'script_score', 'kensa.retrieval.k': 3, 'kensa.retrieval.results': 3 });
  });

  it('records no query text unless content capture is on, and then without the vectors', async () => {
    await client.search({ index: 'manga-index', body: { ...knn(2), query: { bool: { must: [{ match: { title: 'secret user words' } }] } } } });
    expect(JSON.stringify(only().attributes)).not.toContain('secret user words');
    exporter.reset();
    instrumentation.setConfig({ captureContent: true });
    await client.search({ index: 'manga-index', body: knn(2) });
    const text = String(only().attributes['db.query.text']);
    expect(text).toContain('"knn"');
    expect(text).toContain('[64 numbers]');
  });

  it('keeps the span active during the call so nested spans join the trace', async () => {
    const tracer = provider.getTracer('app');
    await tracer.startActiveSpan('retrieve', async (parent) => {
      await client.search({ index: 'manga-index', body: knn(1) });
      parent.end();
    });
    const [search, parent] = exporter.getFinishedSpans();
    expect(search!.parentSpanContext?.spanId).toBe(parent!.spanContext().spanId);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });
});

describe('msearch', () => {
  it('records one span for the batch with summed k and scores over all searches', async () => {
    server.enqueue({ scores: [0.9, 0.8] }, { scores: [0.7, 0.4, 0.3] });
    const result = await client.msearch({ body: [{ index: 'manga-index' }, knn(2), { index: 'manga-index' }, knn(3)] });
    expect(result.body.responses).toHaveLength(2);
    expect(only().attributes).toMatchObject({
      'db.operation.name': 'msearch',
      'db.collection.name': 'manga-index',
      'db.operation.batch.size': 2,
      'kensa.retrieval.k': 5,
      'kensa.retrieval.results': 5,
      'kensa.retrieval.score.min': 0.3,
      'kensa.retrieval.score.max': 0.9,
    });
  });

  it('marks the batch failed when one of its searches failed (HTTP 200 regardless)', async () => {
    server.enqueue({ scores: [0.9] }, { error: 'index_not_found' });
    const result = await client.msearch({ body: [{ index: 'manga-index' }, knn(1), { index: 'gone' }, knn(1)] });
    expect(result.statusCode).toBe(200);
    const span = only();
    expect(span.attributes['error.type']).toBe('index_not_found_exception');
    expect(span.attributes['db.collection.name']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('errors', () => {
  it('index_not_found_exception (404): rejects as without instrumentation, span failed with the error type', async () => {
    const error = await client.search({ index: 'no-such-index', body: knn(1) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ResponseError');
    expect((error as { statusCode: number }).statusCode).toBe(404);
    const span = only();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toMatchObject({ 'error.type': 'index_not_found_exception', 'db.response.status_code': '404' });
    expect(span.events[0]!.attributes).toMatchObject({ 'exception.type': 'index_not_found_exception' });
  });

  it.each([
    ['search_phase_execution', '400'],
    ['search_phase_execution_500', '500'],
  ] as const)('%s answers %s and the span says search_phase_execution_exception, without the reason (it can quote the query)', async (kind, status) => {
    server.enqueue({ error: kind });
    await expect(client.search({ index: 'manga-index', body: knn(1) })).rejects.toThrow();
    const span = only();
    expect(span.attributes).toMatchObject({ 'error.type': 'search_phase_execution_exception', 'db.response.status_code': status });
    expect(JSON.stringify({ a: span.attributes, e: span.events, s: span.status })).not.toContain('invalid dimension');
  });

  it('a request timeout ends the span with TimeoutError', async () => {
    server.enqueue({ hang: true });
    const error = await client.search({ index: 'manga-index', body: knn(1) }, { requestTimeout: 200 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(only().attributes['error.type']).toBe('TimeoutError');
  });

  it('a refused connection ends the span with ConnectionError', async () => {
    const dead = new opensearch.Client({ node: 'http://127.0.0.1:9', maxRetries: 0, requestTimeout: 1000 });
    await expect(dead.search({ index: 'manga-index', body: knn(1) })).rejects.toThrow();
    expect(only().attributes['error.type']).toBe('ConnectionError');
    await dead.close();
  });
});

describe('callback API and side effects', () => {
  it('calls the callback with the client result and ends the span first', async () => {
    const search = client.search as unknown as (p: object, cb: (err: unknown, res: { body: { hits: { hits: unknown[] } } }) => void) => unknown;
    const { err, res, endedBefore } = await new Promise<{ err: unknown; res: { body: { hits: { hits: unknown[] } } }; endedBefore: number }>((resolve) => {
      search.call(client, { index: 'manga-index', body: knn(2) }, (e, r) => resolve({ err: e, res: r, endedBefore: exporter.getFinishedSpans().length }));
    });
    expect(err).toBeNull();
    expect(res.body.hits.hits).toHaveLength(2);
    expect(endedBefore).toBe(1);
  });

  it('does not create spans for other API calls', async () => {
    await client.info();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('keeps the abort() of the client promise working', async () => {
    server.enqueue({ hang: true });
    const request = client.search({ index: 'manga-index', body: knn(1) }) as unknown as Promise<unknown> & { abort: () => void };
    expect(typeof request.abort).toBe('function');
    request.abort();
    await expect(request).rejects.toThrow();
    expect(only().attributes['error.type']).toBe('RequestAbortedError');
  });

  it('never throws from a failing user hook', async () => {
    instrumentation.setConfig({
      requestHook: () => {
        throw new Error('hook');
      },
      responseHook: () => {
        throw new Error('hook');
      },
    });
    await expect(client.search({ index: 'manga-index', body: knn(1) })).resolves.toBeDefined();
    expect(only().attributes['kensa.retrieval.results']).toBe(1);
  });

  it('stops creating spans when disabled', async () => {
    instrumentation.disable();
    await client.search({ index: 'manga-index', body: knn(1) });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    instrumentation.enable();
  });
});
