export * from './RedisServer';
