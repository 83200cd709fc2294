// How each instrumentation is installed, the way its README tells users to, with an in-memory span
// exporter and a processor that counts spans started and ended. Each runs in its own process.
import { createRequire } from 'node:module';
import { createServer } from 'node:http';

const require = createRequire(import.meta.url);

class CountingProcessor {
  started = 0;
  ended = 0;
  onStart() {
    this.started++;
  }
  onEnd() {
    this.ended++;
  }
  forceFlush() {
    return Promise.resolve();
  }
  shutdown() {
    return Promise.resolve();
  }
}

function inMemoryProvider() {
  const { NodeTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');
  const exporter = new InMemorySpanExporter();
  const counter = new CountingProcessor();
  const provider = new NodeTracerProvider({ spanProcessors: [counter, new SimpleSpanProcessor(exporter)] });
  provider.register();
  // Peers that record metrics get a meter provider, so their metric code runs as it would in an app.
  const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics');
  class PullReader extends MetricReader {
    onForceFlush() {
      return Promise.resolve();
    }
    onShutdown() {
      return Promise.resolve();
    }
  }
  const meterProvider = new MeterProvider({ readers: [new PullReader()] });
  return {
    provider,
    meterProvider,
    counts: () => ({ started: counter.started, ended: counter.ended }),
    spans: async () =>
      exporter.getFinishedSpans().map((s) => ({
        name: s.name,
        attributes: s.attributes,
        status: s.status.code === 2 ? 'error' : 'ok',
        events: s.events.map((e) => ({ name: e.name, attributes: e.attributes ?? {} })),
      })),
  };
}

function registered(make) {
  return () => {
    const sink = inMemoryProvider();
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    registerInstrumentations({ instrumentations: [make()], tracerProvider: sink.provider, meterProvider: sink.meterProvider });
    return sink;
  };
}

function pkgVersion(name) {
  return require(`${name}/package.json`).version;
}

// Agents that build their own SDK are observed through their OTLP/HTTP JSON export to a receiver in
// this process; they give no hook to count spans started, so a span missing after a flush never ended.
async function otlpReceiver() {
  const received = [];
  const receiver = createServer((req, res) => {
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', () => {
      try {
        for (const rs of JSON.parse(Buffer.concat(parts).toString()).resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? []) received.push(...(ss.spans ?? []));
      } catch {
        // a malformed export shows up as missing spans
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  receiver.unref();
  const value = (v) => v.stringValue ?? v.boolValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.arrayValue?.values?.map(value);
  const attrs = (list = []) => Object.fromEntries(list.map((a) => [a.key, value(a.value ?? {})]));
  return {
    url: `http://127.0.0.1:${receiver.address().port}`,
    sink: {
      counts: undefined,
      spans: async () => {
        const { trace } = require('@opentelemetry/api');
        await trace.getTracerProvider().getDelegate?.().forceFlush?.();
        return received.map((s) => ({
          name: s.name,
          attributes: attrs(s.attributes),
          status: s.status?.code === 2 ? 'error' : 'ok',
          events: (s.events ?? []).map((e) => ({ name: e.name, attributes: attrs(e.attributes) })),
        }));
      },
    },
  };
}

// The AWS distro is an agent: its register entry builds its own NodeSDK with OTLP exporters.
async function adot() {
  const { url, sink } = await otlpReceiver();
  Object.assign(process.env, {
    OTEL_SERVICE_NAME: 'kensa-peers',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${url}/v1/traces`,
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'aws-sdk',
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_BSP_SCHEDULE_DELAY: '20',
  });
  require('@aws/aws-distro-opentelemetry-node-autoinstrumentation/register');
  return sink;
}

// OpenLIT's documented start is `openlit.init({ otlpEndpoint })`: it builds its own tracer provider.
// (Its `tracer` option, a user's provider, skips the config step, and every instrumented call then
// throws "OpenlitConfig.applicationName is not set" into the app — so the documented default is run.)
// Its price list is fetched from GitHub at start, which this offline run cannot reach, so the same AWS
// list prices the checks use are handed over through its `pricingJson` option, keyed by base model id
// as Bedrock's price list names them (USD per 1K tokens, its unit).
const OPENLIT_PRICES = {
  chat: {
    'anthropic.claude-3-5-sonnet-20241022-v2:0': { promptPrice: 0.003, completionPrice: 0.015 },
    'amazon.nova-pro-v1:0': { promptPrice: 0.0008, completionPrice: 0.0032 },
    'meta.llama3-1-70b-instruct-v1:0': { promptPrice: 0.00072, completionPrice: 0.00072 },
  },
};

async function openlit() {
  const { url, sink } = await otlpReceiver();
  require('openlit').default.init({ otlpEndpoint: url, pricingJson: OPENLIT_PRICES, disableBatch: true, disableMetrics: true, disableEvents: true });
  return sink;
}

export const setups = {
  baseline: { pkg: null, setup: () => inMemoryProvider() },
  kensa: {
    pkg: '@kensa/instrumentation-bedrock',
    setup: registered(() => new (require('@kensa/instrumentation-bedrock').BedrockInstrumentation)()),
  },
  contrib: {
    pkg: '@opentelemetry/instrumentation-aws-sdk',
    setup: registered(() => new (require('@opentelemetry/instrumentation-aws-sdk').AwsInstrumentation)()),
  },
  traceloop: {
    pkg: '@traceloop/instrumentation-bedrock',
    setup: registered(() => new (require('@traceloop/instrumentation-bedrock').BedrockInstrumentation)()),
  },
  openinference: {
    pkg: '@arizeai/openinference-instrumentation-bedrock',
    setup: registered(() => new (require('@arizeai/openinference-instrumentation-bedrock').BedrockInstrumentation)()),
  },
  openlit: { pkg: 'openlit', setup: openlit },
  adot: { pkg: '@aws/aws-distro-opentelemetry-node-autoinstrumentation', setup: adot },
};

export { pkgVersion };
