export { OpenSearchInstrumentation } from './OpenSearchInstrumentation';
export type { OpenSearchInstrumentationConfig, SearchRequestInfo } from './types';
export { captureContentFromEnv } from './configFromEnv';
