// What an ESM application gets from `node --import`: the loader hook first, then the SDK and
// instrumentations, before the application imports the AWS SDK.
import { register } from 'node:module';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { BedrockInstrumentation } from '@kensa/instrumentation-bedrock';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
registerInstrumentations({ instrumentations: [new BedrockInstrumentation()], tracerProvider: provider });
globalThis.kensaSpanExporter = exporter;
