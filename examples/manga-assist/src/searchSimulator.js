'use strict';
// The example's OpenSearch simulator: the wire protocol and the manga catalogue are
// @kensa/test-servers'; this file sets the typical latency and the switchable faults.

const { startOpenSearchServer } = require('@kensa/test-servers');

/** REFERENCE.md: opensearch_vector typically 100–200 ms (budget 300 ms). */
const TYPICAL_LATENCY_MS = [100, 200];

/**
 * `faults` is read on every search:
 * - `latencyMs`: a slower latency range (the slow-vector-search scenario).
 * - `maxScore`: caps every score, as an index with stale embeddings would (low relevance).
 */
async function startSearchSimulator({ seed } = {}) {
  const faults = { latencyMs: undefined, maxScore: undefined };
  // The server reads `latencyMs` from its options on every request; a getter makes it follow the faults.
  const options = {
    seed,
    get latencyMs() {
      return faults.latencyMs ?? TYPICAL_LATENCY_MS;
    },
    respond(request) {
      if (faults.maxScore === undefined) return undefined;
      const k = request.k ?? 5;
      const scores = Array.from({ length: k }, (_, i) => Math.round((faults.maxScore - i * 0.03) * 1000) / 1000).filter((s) => s > 0);
      return { scores };
    },
  };
  const server = await startOpenSearchServer(options);
  return { server, url: server.url, faults, close: () => server.close() };
}

module.exports = { startSearchSimulator };
