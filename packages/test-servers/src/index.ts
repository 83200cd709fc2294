export * from './bedrock/index';
export * from './opensearch/index';
