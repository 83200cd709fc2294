'use strict';
// The Bedrock test server in its own process, so the benchmark's process.cpuUsage() counts only
// the application side (SDK + instrumentation).
const { startBedrockServer } = require('@kensa/test-servers');

startBedrockServer({ protocol: 'http1', maxRecordedRequests: 0 }).then((server) => {
  process.send({ port: server.port });
  process.on('disconnect', () => server.close().then(() => process.exit(0)));
});
