export * from './bedrock/index';
export * from './opensearch/index';
export * from './redis/index';
export * from './process/index';
