import { createRequire } from 'node:module';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenSearchInstrumentation } from '../src/index';

/** One instrumentation for the whole file, enabled before the client is first required. */
export const exporter = new InMemorySpanExporter();
export const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
export const instrumentation = new OpenSearchInstrumentation();

context.disable();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
instrumentation.setTracerProvider(provider);
instrumentation.enable();

// Loaded through require so the instrumentation's require hook sees it, as in an application.
const require = createRequire(__filename);
export const opensearch = require('@opensearch-project/opensearch') as typeof import('@opensearch-project/opensearch');
