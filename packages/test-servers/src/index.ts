export * from './bedrock/index';
