'use strict';
// Starts the manga-assist orchestrator. Run it under the distro:
//   node --require @kensa/node/register src/main.js
// Every backend comes from the environment; a backend that is not configured is started locally
// (DynamoDB through dynalite, Bedrock and OpenSearch through simulators that speak their wire
// protocols) in a separate, uninstrumented process, so that their server side does not show up
// in the application's traces.

const { fork } = require('node:child_process');
const { join } = require('node:path');
const { createCache } = require('./cache');
const { SessionStore } = require('./sessions');
const { CatalogSearch } = require('./search');
const { Assistant } = require('./assistant');
const { Orchestrator } = require('./orchestrator');
const { startChatServer } = require('./server');

/** Reads the example's settings from `env` (pure, so it can be tested). */
function settingsFromEnv(env) {
  const int = (name, fallback) => {
    const value = Number.parseInt(env[name] ?? '', 10);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    port: int('PORT', 8080),
    host: env.HOST || '127.0.0.1',
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'ap-northeast-1',
    redisUrl: env.REDIS_URL || undefined,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    opensearchUrl: env.OPENSEARCH_URL || undefined,
    bedrockEndpoint: env.BEDROCK_ENDPOINT || undefined,
    useRealBedrock: env.MANGA_ASSIST_REAL_BEDROCK === 'true',
    primaryModel: env.MANGA_ASSIST_MODEL || undefined,
    fallbackModel: env.MANGA_ASSIST_FALLBACK_MODEL || undefined,
    stream: env.MANGA_ASSIST_STREAM !== 'false',
    allowFaults: env.MANGA_ASSIST_ALLOW_FAULTS === 'true',
  };
}

/** Starts whatever backends `settings` leaves unconfigured in an uninstrumented child process. */
function startMissingBackends(settings) {
  const need = {
    dynamodb: !settings.dynamodbEndpoint,
    opensearch: !settings.opensearchUrl,
    bedrock: !settings.bedrockEndpoint && !settings.useRealBedrock,
  };
  if (!need.dynamodb && !need.opensearch && !need.bedrock) return Promise.resolve({ endpoints: {}, stop() {} });
  const child = fork(join(__dirname, 'backends.js'), [JSON.stringify(need)], {
    execArgv: [],
    env: { ...process.env, NODE_OPTIONS: '', OTEL_SDK_DISABLED: 'true' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`local backends exited with code ${code}`)));
    child.once('message', (endpoints) => resolve({ endpoints, stop: () => child.kill() }));
  });
}

async function main() {
  const settings = settingsFromEnv(process.env);
  const backends = await startMissingBackends(settings);
  const endpoints = {
    dynamodb: settings.dynamodbEndpoint ?? backends.endpoints.dynamodb,
    opensearch: settings.opensearchUrl ?? backends.endpoints.opensearch,
    bedrock: settings.bedrockEndpoint ?? backends.endpoints.bedrock,
  };

  const cache = createCache({ redisUrl: settings.redisUrl });
  const sessions = new SessionStore({ endpoint: endpoints.dynamodb, region: settings.region });
  await sessions.ensureTable();
  const search = new CatalogSearch({ node: endpoints.opensearch });
  const assistant = new Assistant({
    endpoint: endpoints.bedrock,
    region: settings.region,
    primaryModel: settings.primaryModel,
    fallbackModel: settings.fallbackModel,
    stream: settings.stream,
  });
  const orchestrator = new Orchestrator({ cache, sessions, search, assistant });
  const onControl = settings.allowFaults
    ? (frame) => {
        // The demo's cache-failover scenario: the in-process cache fails like a Redis cluster in failover.
        if (frame.cache === 'down' && 'failWith' in cache) {
          cache.failWith = () => Object.assign(new Error('CLUSTERDOWN The cluster is down'), { name: 'ReplyError' });
        }
        if (frame.cache === 'up' && 'failWith' in cache) cache.failWith = undefined;
      }
    : undefined;
  const server = await startChatServer({ orchestrator, port: settings.port, host: settings.host, onControl });
  process.stdout.write(`manga-assist listening on ws://${settings.host}:${server.port}\n`);
  if (process.send) process.send({ type: 'listening', port: server.port });

  const stop = async () => {
    await server.close();
    await cache.close();
    sessions.close();
    assistant.close();
    await search.close();
    backends.stop();
  };
  // Close our own resources and let Node exit when the event loop drains: calling process.exit
  // here would cut off the distro's telemetry flush, which also runs on these signals.
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`manga-assist failed to start: ${err.stack || err}\n`);
    process.exit(1);
  });
}

module.exports = { settingsFromEnv, startMissingBackends };
