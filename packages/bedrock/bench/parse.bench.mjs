// Cost of @kensa/bedrock per Bedrock call, side by side with the floor (one TextDecoder.decode + JSON.parse of
// the same bytes, which any reader of the body must pay). Run: npm run bench -w packages/bedrock
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  computeCost,
  createConverseStreamAggregator,
  createInvokeStreamAggregator,
  parseConverseRequest,
  parseInvokeRequest,
  parseInvokeResponse,
  resolveModel,
} from '../dist/index.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8'));
const enc = new TextEncoder();
const dec = new TextDecoder();

// A realistic manga-assist prompt: system prompt, 6 turns of history, 3 retrieved chunks in the user turn.
const anthropic = fixture('anthropic.json');
const system = anthropic.invoke[0].request.system + ' '.padEnd(1500, 'Rules. ');
const history = Array.from({ length: 6 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `turn ${i} `.padEnd(400, 'manga ') }));
const user = { role: 'user', content: [{ type: 'text', text: 'Context: '.padEnd(3000, 'chunk text ') }, { type: 'text', text: 'Recommend a manga like One Piece.' }] };
const requestBytes = enc.encode(JSON.stringify({ ...anthropic.invoke[0].request, system, messages: [...history, user] }));
const responseBytes = enc.encode(JSON.stringify(anthropic.invoke[0].response));
const streamChunks = [
  anthropic.stream[0].chunks[0],
  ...Array.from({ length: 100 }, () => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'You might enjoy ' } })),
  ...anthropic.stream[0].chunks.slice(-2),
].map((c) => enc.encode(JSON.stringify(c)));
const converse = fixture('converse.json');

// The machine is shared: each case runs ROUNDS times interleaved with its floor and the medians are compared,
// so a burst of load elsewhere hits both sides instead of skewing one.
const ROUNDS = 7;

function timeOnce(fn, iterations) {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return ((performance.now() - start) * 1e6) / iterations; // ns per op
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
function pair(name, ours, floor, iterations) {
  for (let i = 0; i < Math.min(iterations, 2000); i++) {
    ours();
    floor?.();
  }
  const a = [];
  const b = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(timeOnce(ours, iterations));
    if (floor) b.push(timeOnce(floor, iterations));
  }
  const ma = median(a);
  const mb = floor ? median(b) : undefined;
  rows.push({ case: name, 'kensa µs/op': (ma / 1000).toFixed(2), 'floor µs/op': mb ? (mb / 1000).toFixed(2) : '-', ratio: mb ? (ma / mb).toFixed(2) : '-' });
}

const floorParse = (bytes) => () => JSON.parse(dec.decode(bytes));
const floorStream = () => {
  for (const c of streamChunks) JSON.parse(dec.decode(c));
};

pair(`parseInvokeRequest (${requestBytes.length} B, content on)`, () => parseInvokeRequest('anthropic.claude', requestBytes), floorParse(requestBytes), 5_000);
pair(`parseInvokeRequest (${requestBytes.length} B, content off)`, () => parseInvokeRequest('anthropic.claude', requestBytes, { content: false }), floorParse(requestBytes), 5_000);
pair(`parseInvokeResponse (${responseBytes.length} B)`, () => parseInvokeResponse('anthropic.claude', responseBytes), floorParse(responseBytes), 10_000);
pair(`stream aggregation (${streamChunks.length} chunks)`, () => {
  const agg = createInvokeStreamAggregator('anthropic.claude');
  for (const c of streamChunks) agg.addChunk(c);
  agg.result();
}, floorStream, 500);
pair('parseConverseRequest (object input)', () => parseConverseRequest(converse.converse[0].input), undefined, 10_000);
pair('ConverseStream aggregation (6 events)', () => {
  const agg = createConverseStreamAggregator();
  for (const e of converse.converseStream[0].events) agg.addEvent(e);
  agg.result();
}, undefined, 10_000);
pair('resolveModel (cached)', () => resolveModel('us.anthropic.claude-3-5-haiku-20241022-v1:0'), undefined, 50_000);
const resolved = resolveModel('us.anthropic.claude-3-5-haiku-20241022-v1:0');
pair('computeCost', () => computeCost(resolved, { inputTokens: 42, outputTokens: 17, cacheReadInputTokens: 3000 }), undefined, 50_000);

console.log(`node ${process.version}`);
console.table(rows);
