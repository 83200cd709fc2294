import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/** A span as the tests look at it: ids in hex, attributes flattened. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: string;
}

export interface ReceivedMetric {
  name: string;
  /** 1 = delta, 2 = cumulative, undefined for gauges. */
  temporality: number | undefined;
  resource: Record<string, unknown>;
}

export interface ReceivedLog {
  body: unknown;
  traceId: string;
  spanId: string;
  resource: Record<string, unknown>;
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROTO_DIR = join(__dirname, 'otlp');

/**
 * A local OTLP/gRPC endpoint (traces, metrics, logs) standing in for the ADOT sidecar. It decodes
 * with a checked-in subset of the upstream .proto files, since no npm package ships them.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly metrics: ReceivedMetric[] = [];
  readonly logs: ReceivedLog[] = [];
  /** Export calls received per signal, to tell "nothing sent" from "sent empty". */
  readonly calls = { traces: 0, metrics: 0, logs: 0 };
  private readonly server = new grpc.Server();
  private port = 0;
  private http: Server | undefined;
  private httpPort = 0;
  private services: Obj | undefined;

  async start(): Promise<number> {
    const definition = protoLoader.loadSync(['trace_service.proto', 'metrics_service.proto', 'logs_service.proto'], {
      includeDirs: [PROTO_DIR],
      keepCase: false,
      longs: String,
      enums: Number,
      bytes: Buffer,
      defaults: true,
      oneofs: true,
    });
    const pkg = grpc.loadPackageDefinition(definition) as Obj;
    const v1 = pkg.opentelemetry.proto.collector;
    this.services = v1;
    this.server.addService(v1.trace.v1.TraceService.service, {
      Export: (call: { request: Obj }, cb: grpc.sendUnaryData<Obj>) => {
        this.calls.traces++;
        this.collectSpans(call.request);
        cb(null, {});
      },
    });
    this.server.addService(v1.metrics.v1.MetricsService.service, {
      Export: (call: { request: Obj }, cb: grpc.sendUnaryData<Obj>) => {
        this.calls.metrics++;
        this.collectMetrics(call.request);
        cb(null, {});
      },
    });
    this.server.addService(v1.logs.v1.LogsService.service, {
      Export: (call: { request: Obj }, cb: grpc.sendUnaryData<Obj>) => {
        this.calls.logs++;
        this.collectLogs(call.request);
        cb(null, {});
      },
    });
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
    return this.port;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Also accepts OTLP/HTTP with protobuf bodies (`/v1/traces`, `/v1/metrics`, `/v1/logs`), decoded
   * with the same message types as the gRPC service. Returns the base URL.
   */
  async startHttp(): Promise<string> {
    if (!this.services) await this.start();
    const v1 = this.services!;
    const routes: Record<string, { decode: (b: Buffer) => Obj; collect: (r: Obj) => void; signal: keyof OtlpReceiver['calls'] }> = {
      '/v1/traces': { decode: v1.trace.v1.TraceService.service.Export.requestDeserialize, collect: (r) => this.collectSpans(r), signal: 'traces' },
      '/v1/metrics': { decode: v1.metrics.v1.MetricsService.service.Export.requestDeserialize, collect: (r) => this.collectMetrics(r), signal: 'metrics' },
      '/v1/logs': { decode: v1.logs.v1.LogsService.service.Export.requestDeserialize, collect: (r) => this.collectLogs(r), signal: 'logs' },
    };
    this.http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const route = routes[req.url ?? ''];
        if (!route || req.headers['content-type'] !== 'application/x-protobuf') {
          res.statusCode = 404;
          res.end();
          return;
        }
        this.calls[route.signal]++;
        route.collect(route.decode(Buffer.concat(chunks)));
        res.setHeader('content-type', 'application/x-protobuf');
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.http!.listen(0, '127.0.0.1', resolve));
    this.httpPort = (this.http.address() as { port: number }).port;
    return this.httpEndpoint;
  }

  get httpEndpoint(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async stop(): Promise<void> {
    if (this.http) await new Promise<void>((resolve) => this.http!.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }

  private collectSpans(request: Obj): void {
    for (const rs of request.resourceSpans ?? []) {
      const resource = attributes(rs.resource?.attributes);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({
            traceId: hex(s.traceId),
            spanId: hex(s.spanId),
            parentSpanId: hex(s.parentSpanId),
            name: s.name,
            kind: s.kind,
            attributes: attributes(s.attributes),
            resource,
            scope: ss.scope?.name ?? '',
          });
        }
      }
    }
  }

  private collectMetrics(request: Obj): void {
    for (const rm of request.resourceMetrics ?? []) {
      const resource = attributes(rm.resource?.attributes);
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const temporality = m.sum?.aggregationTemporality ?? m.histogram?.aggregationTemporality;
          this.metrics.push({ name: m.name, temporality, resource });
        }
      }
    }
  }

  private collectLogs(request: Obj): void {
    for (const rl of request.resourceLogs ?? []) {
      const resource = attributes(rl.resource?.attributes);
      for (const sl of rl.scopeLogs ?? []) {
        for (const l of sl.logRecords ?? []) {
          this.logs.push({ body: anyValue(l.body), traceId: hex(l.traceId), spanId: hex(l.spanId), resource });
        }
      }
    }
  }
}

function hex(bytes: Buffer | undefined): string {
  return bytes ? Buffer.from(bytes).toString('hex') : '';
}

export function attributes(kvs: Obj[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of kvs ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

function anyValue(v: Obj | undefined): unknown {
  if (!v || !v.value) return undefined;
  switch (v.value) {
    case 'stringValue':
      return v.stringValue;
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return Number(v.intValue);
    case 'doubleValue':
      return v.doubleValue;
    case 'arrayValue':
      return (v.arrayValue.values ?? []).map(anyValue);
    case 'kvlistValue':
      return attributes(v.kvlistValue.values);
    case 'bytesValue':
      return v.bytesValue;
    default:
      return undefined;
  }
}
