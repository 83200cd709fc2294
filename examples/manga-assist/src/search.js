'use strict';
// Vector search over the manga catalogue with the OpenSearch client (k-NN query).

const { createHash } = require('node:crypto');
const { Client } = require('@opensearch-project/opensearch');

const DIMENSION = 64;

/**
 * A deterministic hashing embedder (feature hashing of character bigrams, L2-normalised).
 * The example has no embedding model; production code calls Titan Embeddings or similar here.
 * What matters for the example is that the same text always maps to the same vector.
 */
function embed(text) {
  const vector = new Float64Array(DIMENSION);
  const normalized = String(text).normalize('NFKC').toLowerCase();
  for (let i = 0; i < normalized.length - 1; i++) {
    const digest = createHash('md5').update(normalized.slice(i, i + 2)).digest();
    const slot = digest.readUInt16LE(0) % DIMENSION;
    vector[slot] += digest[2] & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return Array.from(vector, (v) => v / norm);
}

class CatalogSearch {
  /** @param {{ node: string, index?: string, k?: number, timeoutMs?: number }} options */
  constructor({ node, index = 'manga-index', k = 5, timeoutMs = 1500 }) {
    this.client = new Client({ node, requestTimeout: timeoutMs, maxRetries: 0 });
    this.index = index;
    this.k = k;
  }

  /** @returns {Promise<Array<{ id: string, score: number, title: string, text: string }>>} */
  async search(query) {
    const response = await this.client.search({
      index: this.index,
      body: {
        size: this.k,
        _source: ['title', 'title_ja', 'summary'],
        query: { knn: { embedding: { vector: embed(query), k: this.k } } },
      },
    });
    const hits = response.body?.hits?.hits ?? [];
    return hits.map((hit) => ({
      id: hit._id,
      score: hit._score,
      title: hit._source?.title_ja || hit._source?.title || '',
      text: hit._source?.summary ?? '',
    }));
  }

  async close() {
    await this.client.close();
  }
}

module.exports = { CatalogSearch, embed, DIMENSION };
