'use strict';
// The example's local backends: DynamoDB (dynalite), Bedrock and OpenSearch (simulators that speak
// their wire protocols, from @kensa/test-servers). Used by the demo in its own, uninstrumented
// process; run as a child process by main.js when no endpoints are configured.

const { startBedrockSimulator } = require('./bedrockSimulator');
const { startSearchSimulator } = require('./searchSimulator');

function startDynalite() {
  const dynalite = require('dynalite');
  // In memory, with the table-state delays shortened: the example creates its table at start-up.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

/**
 * @param {{ dynamodb?: boolean, opensearch?: boolean, bedrock?: boolean, seed?: number }} need
 */
async function startLocalBackends(need = { dynamodb: true, opensearch: true, bedrock: true }) {
  const [dynamodb, search, bedrock] = await Promise.all([
    need.dynamodb ? startDynalite() : undefined,
    need.opensearch ? startSearchSimulator({ seed: need.seed }) : undefined,
    need.bedrock ? startBedrockSimulator({ seed: need.seed }) : undefined,
  ]);
  return {
    dynamodb,
    search,
    bedrock,
    endpoints: { dynamodb: dynamodb?.url, opensearch: search?.url, bedrock: bedrock?.url },
    close: () => Promise.all([dynamodb?.close(), search?.close(), bedrock?.close()]),
  };
}

if (require.main === module) {
  const need = JSON.parse(process.argv[2] ?? '{"dynamodb":true,"opensearch":true,"bedrock":true}');
  startLocalBackends(need).then(
    (backends) => {
      if (process.send) process.send(backends.endpoints);
      else process.stdout.write(`${JSON.stringify(backends.endpoints)}\n`);
      // Stop with the parent: an orphaned simulator would hold its ports.
      process.on('disconnect', () => backends.close().then(() => process.exit(0)));
      process.on('SIGTERM', () => backends.close().then(() => process.exit(0)));
    },
    (err) => {
      process.stderr.write(`local backends failed to start: ${err.stack || err}\n`);
      process.exit(1);
    },
  );
}

module.exports = { startLocalBackends };
