// One process per instrumentation: install it, then load the AWS SDK, run every scenario against a local
// Bedrock server and print one JSON line with what the app saw and what spans were produced.
import { createRequire } from 'node:module';
import { setups } from './setups.mjs';
import { scenarios } from './scenarios.mjs';

const require = createRequire(import.meta.url);
const name = process.argv[2];
const out = { name, setupError: undefined, results: [] };

const settle = (ms) => new Promise((r) => setTimeout(r, ms));

// What the app saw, without the values that differ on every request (ids, retry delay).
function normalize(value) {
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('utf8') };
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const copy = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'requestId' || k === 'extendedRequestId' || k === 'cfId' || k === 'totalRetryDelay') continue;
      if (k === 'body' || k === 'stream') {
        if (v && typeof v[Symbol.asyncIterator] === 'function') continue;
      }
      copy[k] = normalize(v);
    }
    return copy;
  }
  return value;
}

async function main() {
  let sink;
  try {
    sink = await setups[name].setup();
  } catch (err) {
    out.setupError = `${err?.name}: ${err?.message}`;
    return;
  }
  const sdk = require('@aws-sdk/client-bedrock-runtime');
  const { startBedrockServer } = require('@kensa/test-servers');
  const server = await startBedrockServer();
  const client = new sdk.BedrockRuntimeClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  // Keeps a peer's stray rejection from ending the run; it is reported instead.
  const stray = [];
  process.on('unhandledRejection', (e) => stray.push(String(e?.name ?? e)));
  process.on('uncaughtException', (e) => stray.push(String(e?.name ?? e)));

  for (const scenario of scenarios) {
    server.script(() => scenario.response);
    const before = { counts: sink.counts?.(), spans: (await sink.spans()).length };
    const seen = [];
    const r = { id: scenario.id, seen: undefined, value: undefined, error: undefined };
    try {
      r.value = normalize(await scenario.run(client, sdk, seen));
    } catch (err) {
      r.error = { name: err?.name, message: err?.message };
    }
    r.seen = normalize(seen);
    await settle(150);
    const after = { counts: sink.counts?.(), spans: await sink.spans() };
    r.spans = after.spans.slice(before.spans).filter((s) => !/^(GET|POST|tcp|dns|tls)/i.test(s.name));
    if (before.counts && after.counts)
      r.counts = { started: after.counts.started - before.counts.started, ended: after.counts.ended - before.counts.ended };
    out.results.push(r);
  }
  out.stray = stray;
  server.script(undefined);
  await server.close();
}

main()
  .catch((err) => {
    out.setupError = `${err?.name}: ${err?.message}`;
  })
  .finally(() => {
    process.stdout.write(`\n@@RESULT@@${JSON.stringify(out)}\n`);
    process.exit(0);
  });
