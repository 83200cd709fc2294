export { BedrockInstrumentation } from './BedrockInstrumentation';
export type {
  BedrockInstrumentationConfig,
  BedrockOperationName,
  BedrockRequestHookInfo,
  BedrockResponseHookInfo,
} from './types';
