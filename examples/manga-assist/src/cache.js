'use strict';
// The answer cache: Redis through ioredis when REDIS_URL is set (instrumented by the distro's
// ioredis instrumentation), otherwise an in-process map with the same interface.

const { createHash } = require('node:crypto');
const { SpanKind } = require('@opentelemetry/api');
const { inSpan } = require('./tracing');

/** Cache key of a question: the same wording (case and spacing aside) hits the same entry. */
function cacheKey(text) {
  const normalized = String(text).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return `answer:${createHash('sha256').update(normalized).digest('hex').slice(0, 32)}`;
}

class RedisCache {
  constructor(url, { ttlSeconds = 300 } = {}) {
    const Redis = require('ioredis');
    // Short timeouts and no offline queue: a cache that is down must be bypassed quickly,
    // not make every request wait (cache-aside with graceful bypass).
    this.client = new Redis(url, {
      connectTimeout: 200,
      commandTimeout: 100,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    this.client.on('error', () => {});
    this.ttlSeconds = ttlSeconds;
  }

  async get(key) {
    return this.client.get(key);
  }

  async set(key, value) {
    await this.client.set(key, value, 'EX', this.ttlSeconds);
  }

  async close() {
    this.client.disconnect();
  }
}

/**
 * In-process stand-in for Redis. It records a CLIENT span shaped like the ioredis
 * instrumentation's (db.system.name=redis), so traces look the same with or without a server.
 * `failWith` makes it fail the way a Redis cluster does during a failover (the demo's
 * cache-failover scenario).
 */
class MemoryCache {
  constructor({ ttlSeconds = 300, maxEntries = 10_000 } = {}) {
    this.entries = new Map();
    this.ttlMs = ttlSeconds * 1000;
    this.maxEntries = maxEntries;
    this.failWith = undefined;
  }

  async get(key) {
    return this.#op('GET', key, () => {
      const entry = this.entries.get(key);
      if (!entry || entry.expires < Date.now()) return null;
      return entry.value;
    });
  }

  async set(key, value) {
    return this.#op('SET', key, () => {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value);
      this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
    });
  }

  async close() {
    this.entries.clear();
  }

  async #op(operation, key, fn) {
    return inSpan(
      operation.toLowerCase(),
      { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'redis', 'db.system': 'redis', 'db.operation.name': operation } },
      () => {
        if (this.failWith) throw this.failWith();
        return fn();
      },
    );
  }
}

function createCache({ redisUrl, ttlSeconds } = {}) {
  return redisUrl ? new RedisCache(redisUrl, { ttlSeconds }) : new MemoryCache({ ttlSeconds });
}

module.exports = { createCache, cacheKey, MemoryCache, RedisCache };
