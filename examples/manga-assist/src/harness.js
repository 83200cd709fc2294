'use strict';
// Runs the orchestrator under the Kensa distro against local backends, and the `kensa` CLI on
// what it exported. Shared by the demo and the end-to-end tests.

const { fork, spawn } = require('node:child_process');
const { dirname, join } = require('node:path');
const { startRedisServer } = require('@kensa/test-servers');
const { startLocalBackends } = require('./backends');
const { AppClient } = require('./traffic');

/** Starts the app under the distro (node --require @kensa/node/register) and resolves once it listens. */
function startApp(env) {
  const child = fork(join(__dirname, 'main.js'), [], {
    execArgv: ['--require', '@kensa/node/register'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolveStart, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`manga-assist exited during start-up (code ${code})`)));
    child.on('message', (msg) => {
      if (msg?.type === 'listening') {
        child.removeAllListeners('exit');
        resolveStart({ child, port: msg.port });
      }
    });
  });
}

/** SIGTERM (the distro flushes), then SIGKILL if the app has not exited after `timeoutMs`. */
function stopApp(child, timeoutMs = 15_000) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Local backends + the app under the distro, exporting to `exportDir`. With `redis: true` the answer
 * cache is a real `redis-server` (through ioredis) instead of the in-process map.
 * @returns {Promise<{ app: AppClient, backends: any, stop(): Promise<void> }>}
 */
async function startStack({ exportDir, env = {}, seed = 7, redis: withRedis = false }) {
  const backends = await startLocalBackends({ dynamodb: true, opensearch: true, bedrock: true, seed });
  let started;
  let redis;
  try {
    if (withRedis) redis = await startRedisServer();
    started = await startApp({
      ...process.env,
      PORT: '0',
      OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME || 'manga-assist',
      OTEL_RESOURCE_ATTRIBUTES: process.env.OTEL_RESOURCE_ATTRIBUTES || 'deployment.environment.name=demo',
      KENSA_EXPORT_DIR: exportDir,
      // Short metric period so a one-minute run exports several metric points.
      OTEL_METRIC_EXPORT_INTERVAL: process.env.OTEL_METRIC_EXPORT_INTERVAL || '10000',
      DYNAMODB_ENDPOINT: backends.endpoints.dynamodb,
      OPENSEARCH_URL: backends.endpoints.opensearch,
      BEDROCK_ENDPOINT: backends.endpoints.bedrock,
      MANGA_ASSIST_ALLOW_FAULTS: 'true',
      ...(redis ? { REDIS_URL: redis.url } : {}),
      ...env,
    });
  } catch (err) {
    await redis?.stop();
    await backends.close();
    throw err;
  }
  return {
    app: new AppClient(`ws://127.0.0.1:${started.port}`),
    backends: { bedrock: backends.bedrock, search: backends.search, redis },
    async stop() {
      await stopApp(started.child);
      await redis?.stop();
      await backends.close();
    },
  };
}

function kensaBin() {
  const pkgPath = require.resolve('@kensa/cli/package.json');
  const bin = require(pkgPath).bin;
  return join(dirname(pkgPath), typeof bin === 'string' ? bin : bin.kensa);
}

/** Runs `kensa <args>`; resolves with its stdout (stderr passes through), rejects on a non-zero exit. */
function runKensa(args, { capture = false } = {}) {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [kensaBin(), ...args], { stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? done(out) : reject(new Error(`kensa ${args[0]} exited with code ${code}`))));
  });
}

module.exports = { startApp, stopApp, startStack, kensaBin, runKensa };
