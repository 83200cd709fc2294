import { randomUUID } from 'node:crypto';
import { constants } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { errorMessage, errorStatus, errorTypeHeader } from './awsErrors';
import { defaultResponse } from './defaultResponses';
import { EventStreamEncoder } from './EventStreamEncoder';
import { LatencySampler, sleep } from './latency';
import { ProtocolSniffer, type AnyRequest, type AnyResponse } from './ProtocolSniffer';
import { route } from './routes';
import type {
  BedrockErrorName,
  BedrockServerOptions,
  ErrorResponse,
  JsonResponse,
  Latency,
  RecordedRequest,
  ScriptedResponse,
  ScriptHandler,
  StreamResponse,
} from './types';

/**
 * A local HTTP server that answers like Amazon Bedrock Runtime and Bedrock Agent Runtime, so the
 * real AWS SDK clients can be pointed at it. Responses are scriptable per test; everything not
 * scripted gets a realistic default for the operation and model family.
 */
export class BedrockServer {
  /** Recent requests, oldest first (bounded by `maxRecordedRequests`). */
  readonly requests: RecordedRequest[] = [];
  private readonly sniffer: ProtocolSniffer;
  private readonly encoder = new EventStreamEncoder();
  private readonly sampler: LatencySampler;
  private readonly latencyMs: Latency;
  private readonly chunkDelayMs: Latency;
  private readonly maxRecorded: number;
  private handler: ScriptHandler | undefined;
  private queue: ScriptedResponse[] = [];
  private failuresLeft = 0;
  private failure: ErrorResponse | undefined;
  private received = 0;
  private address: AddressInfo | undefined;

  constructor(options: BedrockServerOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.chunkDelayMs = options.chunkDelayMs ?? 0;
    this.maxRecorded = options.maxRecordedRequests ?? 1000;
    this.sampler = new LatencySampler(options.seed);
    this.sniffer = new ProtocolSniffer((req, res) => this.onRequest(req, res), options.protocol);
  }

  /** Base URL to pass as the SDK client's `endpoint`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get port(): number {
    if (!this.address) throw new Error('BedrockServer is not listening');
    return this.address.port;
  }

  /** Number of requests received since start or the last `reset()`. */
  get requestCount(): number {
    return this.received;
  }

  listen(host = '127.0.0.1', port = 0): Promise<this> {
    return new Promise((resolve, reject) => {
      const server = this.sniffer.server;
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        this.address = server.address() as AddressInfo;
        resolve(this);
      });
    });
  }

  /** Decide responses with a function; returning `undefined` falls through to the queue, then the default. */
  script(handler: ScriptHandler | undefined): this {
    this.handler = handler;
    return this;
  }

  /** Answer the next requests with these responses, in order. */
  enqueue(...responses: ScriptedResponse[]): this {
    this.queue.push(...responses);
    return this;
  }

  /** Fail the next `count` requests with `errorType` before anything else applies. */
  failFirst(count: number, errorType: BedrockErrorName | (string & {}) = 'ThrottlingException', message?: string): this {
    this.failuresLeft = count;
    this.failure = { kind: 'error', errorType, ...(message === undefined ? {} : { message }) };
    return this;
  }

  /** Forget scripts, queued responses, pending failures and recorded requests. */
  reset(): void {
    this.handler = undefined;
    this.queue = [];
    this.failuresLeft = 0;
    this.failure = undefined;
    this.requests.length = 0;
    this.received = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.sniffer.server.close(() => resolve());
      this.sniffer.destroyConnections();
    });
  }

  /** Resets the TCP connection (RST), or with `stream` scope only the HTTP/2 stream (RST_STREAM). */
  private dropConnection(res: AnyResponse, scope: 'connection' | 'stream' = 'connection'): void {
    if (!('stream' in res)) {
      res.socket?.resetAndDestroy();
    } else if (scope === 'stream') {
      if (!res.stream.destroyed) res.stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    } else {
      this.sniffer.resetSession(res.stream.session);
    }
  }

  private onRequest(req: AnyRequest, res: AnyResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = this.record(req, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      this.respond(recorded, res).catch(() => {
        // The client went away mid-response; nothing left to answer.
        this.dropConnection(res);
      });
    });
  }

  private record(req: AnyRequest, body: Buffer): RecordedRequest {
    const { operation, modelId, knowledgeBaseId } = route(req.method ?? 'GET', req.url ?? '/');
    let parsed: { value: unknown } | undefined;
    const recorded: RecordedRequest = {
      index: this.received++,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      operation,
      ...(modelId === undefined ? {} : { modelId }),
      ...(knowledgeBaseId === undefined ? {} : { knowledgeBaseId }),
      headers: req.headers,
      body,
      get json(): unknown {
        if (!parsed) {
          try {
            parsed = { value: JSON.parse(body.toString('utf8')) };
          } catch {
            parsed = { value: undefined };
          }
        }
        return parsed.value;
      },
    };
    if (operation === 'RetrieveAndGenerate' && recorded.knowledgeBaseId === undefined) {
      const json = recorded.json as { retrieveAndGenerateConfiguration?: { knowledgeBaseConfiguration?: { knowledgeBaseId?: string } } };
      const kb = json?.retrieveAndGenerateConfiguration?.knowledgeBaseConfiguration?.knowledgeBaseId;
      if (typeof kb === 'string') recorded.knowledgeBaseId = kb;
    }
    if (this.maxRecorded > 0) {
      if (this.requests.length >= this.maxRecorded) this.requests.shift();
      this.requests.push(recorded);
    }
    return recorded;
  }

  private choose(req: RecordedRequest): ScriptedResponse {
    if (this.failuresLeft > 0 && this.failure) {
      this.failuresLeft--;
      return this.failure;
    }
    const scripted = this.handler?.(req) ?? this.queue.shift();
    if (!scripted || scripted.kind === 'default') {
      const fallback = defaultResponse(req);
      if (!scripted) return fallback;
      const merged: ScriptedResponse = { ...fallback };
      if (scripted.latencyMs !== undefined) merged.latencyMs = scripted.latencyMs;
      if (merged.kind === 'stream' && scripted.chunkDelayMs !== undefined) merged.chunkDelayMs = scripted.chunkDelayMs;
      return merged;
    }
    return scripted;
  }

  private async respond(req: RecordedRequest, res: AnyResponse): Promise<void> {
    let response: ScriptedResponse;
    try {
      response = this.choose(req);
    } catch (err) {
      response = { kind: 'error', errorType: 'InternalServerException', message: `script failed: ${String(err)}` };
    }
    await sleep(this.sampler.draw(response.latencyMs ?? this.latencyMs));
    const requestId = randomUUID();
    switch (response.kind) {
      case 'reset':
        this.dropConnection(res, response.scope);
        return;
      case 'error':
        return this.sendError(res, response, requestId);
      case 'json':
        return this.sendJson(req, res, response, requestId);
      case 'stream':
        return this.sendStream(res, response, requestId);
      default:
        return this.sendError(res, { kind: 'error', errorType: 'InternalServerException' }, requestId);
    }
  }

  private sendError(res: AnyResponse, response: ErrorResponse, requestId: string): void {
    const body = JSON.stringify({ message: response.message ?? errorMessage(response.errorType) });
    res.writeHead(response.status ?? errorStatus(response.errorType), {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': errorTypeHeader(response.errorType),
      ...response.headers,
    });
    res.end(body);
  }

  private sendJson(req: RecordedRequest, res: AnyResponse, response: JsonResponse, requestId: string): void {
    const body = toBody(response.body);
    const headers: Record<string, string | number> = {
      'content-type': req.operation === 'InvokeModel' ? acceptOf(req) : 'application/json',
      'content-length': body.length,
      'x-amzn-requestid': requestId,
    };
    if (req.operation === 'InvokeModel') {
      headers['x-amzn-bedrock-invocation-latency'] = '412';
      headers['x-amzn-bedrock-performanceconfig-latency'] = 'standard';
      if (response.usage) {
        headers['x-amzn-bedrock-input-token-count'] = String(response.usage.inputTokens);
        headers['x-amzn-bedrock-output-token-count'] = String(response.usage.outputTokens);
      }
    }
    res.writeHead(response.status ?? 200, { ...headers, ...response.headers });
    res.end(body);
  }

  private async sendStream(res: AnyResponse, response: StreamResponse, requestId: string): Promise<void> {
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-bedrock-content-type': 'application/json',
      'x-amzn-requestid': requestId,
      ...response.headers,
    });
    const delay = response.chunkDelayMs ?? this.chunkDelayMs;
    const events = response.events;
    for (let i = 0; i < events.length; i++) {
      if (isGone(res)) return;
      if (i === response.resetAfter) {
        this.dropConnection(res);
        return;
      }
      const frame = this.encoder.encode(events[i]!);
      if (i === response.truncateAfter) {
        res.end(frame.subarray(0, Math.max(1, frame.length >> 1)));
        return;
      }
      const wait = this.sampler.draw(delay);
      if (wait > 0) await sleep(wait);
      const writer = res as { write(chunk: Uint8Array, callback?: () => void): boolean };
      // Before a scripted reset, let the frames reach the client so the reset lands mid-stream.
      if (response.resetAfter === i + 1) await new Promise<void>((resolve) => writer.write(frame, () => resolve()));
      else writer.write(frame);
    }
    if (response.resetAfter !== undefined && response.resetAfter >= events.length) {
      this.dropConnection(res);
      return;
    }
    res.end();
  }
}


function isGone(res: AnyResponse): boolean {
  return 'stream' in res ? res.stream.destroyed || res.stream.closed : res.destroyed;
}

function toBody(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function acceptOf(req: RecordedRequest): string {
  const accept = req.headers['accept'];
  return typeof accept === 'string' && accept !== '*/*' && accept.length > 0 ? accept : 'application/json';
}

/** Starts a Bedrock wire-protocol server on 127.0.0.1 and an ephemeral port. */
export function startBedrockServer(options?: BedrockServerOptions): Promise<BedrockServer> {
  return new BedrockServer(options).listen();
}
