import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { LatencySampler, sleep } from '../bedrock/latency';
import { errorResponse } from './errorBodies';
import { DEFAULT_INDEX, MANGA_DOCUMENTS } from './mangaCatalog';
import { MAX_BODY_BYTES, parseMsearch, requestedK, tryJson } from './parseSearch';
import type {
  OpenSearchDocument,
  OpenSearchHit,
  OpenSearchScript,
  OpenSearchSearchRequest,
  OpenSearchServerOptions,
} from './types';

type SearchResult = { status: number; body: Record<string, unknown> } | 'hang';

/**
 * A local server speaking the parts of OpenSearch's HTTP API a RAG application uses: `_search`
 * and `_msearch` (k-NN, neural and script-score queries are answered alike: the top documents
 * with realistic scores), plus ping/info. Answers, latencies, errors and hangs are scriptable.
 */
export class OpenSearchServer {
  /** Every search request received, in order. */
  readonly requests: OpenSearchSearchRequest[] = [];
  private readonly queue: OpenSearchScript[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly sampler: LatencySampler;
  private readonly indices: Record<string, OpenSearchDocument[]>;
  private server: Server | undefined;
  private counter = 0;
  private searchCounter = 0;

  constructor(private readonly options: OpenSearchServerOptions = {}) {
    this.sampler = new LatencySampler(options.seed);
    this.indices = options.indices ?? { [DEFAULT_INDEX]: [...MANGA_DOCUMENTS] };
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** Base URL for `new Client({ node: server.url })`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Scripts the next searches, in order (each `_msearch` entry takes one). */
  enqueue(...scripts: OpenSearchScript[]): this {
    this.queue.push(...scripts);
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.counter = 0;
    this.searchCounter = 0;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, { error: { type: 'exception', reason: String(error) }, status: 500 });
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return this;
  }

  /** Stops listening and drops open connections, hung ones included. */
  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const endpoint = segments[segments.length - 1];
    const body = await readBody(req);
    if (body === undefined) return this.send(res, 413, { error: { type: 'content_too_long_exception', reason: 'body too large' }, status: 413 });

    if (segments.length === 0) {
      if (req.method === 'HEAD') return this.send(res, 200, undefined);
      return this.send(res, 200, { name: 'kensa-test-node', cluster_name: 'kensa-test', version: { distribution: 'opensearch', number: '2.15.0' }, tagline: 'The OpenSearch Project: https://opensearch.org/' });
    }
    const operation = endpoint === '_search' ? 'search' : endpoint === '_msearch' ? 'msearch' : 'other';
    const pathIndex = segments.length > 1 ? segments[0] : undefined;
    if (operation === 'other') {
      return this.send(res, 400, { error: { type: 'illegal_argument_exception', reason: `unsupported endpoint ${url.pathname}` }, status: 400 });
    }

    const text = body.toString('utf8');
    const searches =
      operation === 'search'
        ? [{ index: pathIndex, body: text.length > 0 ? tryJson(text) : {} }]
        : parseMsearch(text).map((p) => ({ index: typeof p.header['index'] === 'string' ? p.header['index'] : pathIndex, body: p.body }));
    const request: OpenSearchSearchRequest = {
      index: this.counter++,
      method: req.method ?? 'GET',
      path: url.pathname,
      operation,
      targetIndex: operation === 'search' ? pathIndex : (searches[0]?.index ?? pathIndex),
      headers: req.headers,
      bodies: searches.map((s) => s.body),
      k: requestedK(searches[0]?.body),
    };
    this.requests.push(request);

    const latency = this.sampler.draw(this.options.latencyMs);
    const results = searches.map((s) => this.answer(request, s.index, s.body, latency));
    await sleep(latency);
    if (results.includes('hang')) return; // the socket stays open until the client gives up
    const answers = results as Array<Exclude<SearchResult, 'hang'>>;
    if (operation === 'search') {
      const only = answers[0]!;
      return this.send(res, only.status, only.body);
    }
    this.send(res, 200, {
      took: Math.max(1, Math.round(latency)),
      responses: answers.map((a) => ({ ...a.body, status: a.status })),
    });
  }

  private answer(request: OpenSearchSearchRequest, index: string | undefined, body: unknown, latency: number): SearchResult {
    const searchIndex = this.searchCounter++;
    const script = this.options.respond?.(request, searchIndex) ?? this.queue.shift();
    const name = index ?? DEFAULT_INDEX;
    if (script !== undefined && 'hang' in script) return 'hang';
    if (script !== undefined && 'error' in script) return errorResponse(script.error, name, script.reason);
    const docs = this.indices[name.split(',')[0]!];
    if (docs === undefined && (script === undefined || !('hits' in script))) return errorResponse('index_not_found', name);
    const took = Math.max(1, Math.round(latency));
    if (script !== undefined && 'hits' in script) {
      return { status: 200, body: searchBody(name, script.hits, script.took ?? took, script.timedOut ?? false) };
    }
    const k = requestedK(body) ?? 10;
    const size = typeof (body as { size?: unknown } | null)?.size === 'number' ? ((body as { size: number }).size) : k;
    const count = Math.max(0, Math.min(k, size, docs!.length));
    const scores =
      script !== undefined && 'scores' in script ? script.scores : (this.options.scores ?? this.drawScores(count)).slice(0, count);
    const offset = Math.floor(this.sampler.draw([0, docs!.length]));
    const hits: OpenSearchHit[] = scores.map((score, i) => {
      const doc = docs![(offset + i) % docs!.length]!;
      return { _id: doc._id, _score: score, _source: doc._source };
    });
    return { status: 200, body: searchBody(name, hits, took, false) };
  }

  /** Cosine-like scores of a healthy index: best around 0.8–0.93, then falling off. */
  private drawScores(count: number): number[] {
    const scores: number[] = [];
    let score = this.sampler.draw([0.78, 0.93]);
    for (let i = 0; i < count; i++) {
      scores.push(Math.round(score * 10000) / 10000);
      score = Math.max(0.05, score - this.sampler.draw([0.01, 0.06]));
    }
    return scores;
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    if (body === undefined) {
      res.writeHead(status, { 'content-length': '0' }).end();
      return;
    }
    const payload = Buffer.from(JSON.stringify(body));
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(payload.length) }).end(payload);
  }
}

function searchBody(index: string, hits: OpenSearchHit[], took: number, timedOut: boolean): Record<string, unknown> {
  const scores = hits.map((h) => h._score).filter((s): s is number => typeof s === 'number');
  return {
    took,
    timed_out: timedOut,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: {
      total: { value: hits.length, relation: 'eq' },
      max_score: scores.length > 0 ? Math.max(...scores) : null,
      hits: hits.map((h) => ({ _index: h._index ?? index, _id: h._id, _score: h._score, ...(h._source ? { _source: h._source } : {}) })),
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts an OpenSearch-speaking server on 127.0.0.1 (port 0 by default). */
export function startOpenSearchServer(options: OpenSearchServerOptions = {}): Promise<OpenSearchServer> {
  return new OpenSearchServer(options).start();
}
