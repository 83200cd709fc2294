// Judges one (instrumentation, scenario) result against the baseline and the scenario's expectations.
// Each peer names things its own way, so each check looks under every name a peer is known to use.
import { isDeepStrictEqual } from 'node:util';
import { PROMPT_MARKER } from './scenarios.mjs';

const INPUT = ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.usage.prompt_tokens', 'llm.token_count.prompt'];
const OUTPUT = ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.usage.completion_tokens', 'llm.token_count.completion'];
const CACHE_READ = ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens', 'llm.token_count.prompt_details.cache_read', 'gen_ai.usage.cache_read_tokens'];
const CACHE_WRITE = ['gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens', 'llm.token_count.prompt_details.cache_write', 'gen_ai.usage.cache_creation_tokens', 'gen_ai.usage.cache_write_tokens'];
const COST = /cost/i;
const FINISH = /finish_reason|stop_reason/i;
const TTFC = /first_chunk|first_token|ttft/i;
// Raw Bedrock stop reasons and the GenAI spec's mapping of them are both right.
const FINISH_OK = { end_turn: ['end_turn', 'stop'], stop: ['stop'] };

const OK = '✓';
const bad = (why) => `✗ ${why}`;

/** Attributes of all spans the call produced, first value wins (peers emit one span per call). */
function merged(spans) {
  const all = {};
  for (const s of spans) for (const [k, v] of Object.entries(s.attributes)) if (!(k in all)) all[k] = v;
  return all;
}

function first(attrs, keys) {
  for (const k of keys) if (attrs[k] !== undefined) return { key: k, value: attrs[k] };
  return undefined;
}

function byPattern(attrs, re) {
  return Object.entries(attrs).filter(([k]) => re.test(k));
}

function tokens(attrs, keys, expected) {
  const found = first(attrs, keys);
  if (!found) return bad('absent');
  const ok = Array.isArray(expected) ? expected.includes(Number(found.value)) : Number(found.value) === expected;
  return ok ? OK : bad(`${found.value} ≠ ${Array.isArray(expected) ? expected.join(' or ') : expected}`);
}

function behaviour(r, base, stray) {
  if (stray.length) return bad(`stray ${stray.join(', ')}`);
  if (base.error || r.error) {
    if (!r.error) return bad('no error where the SDK raised one');
    if (!base.error) return bad(`threw ${r.error.name}: ${r.error.message}`.slice(0, 90));
    if (r.error.name !== base.error.name || r.error.message !== base.error.message) return bad(`threw ${r.error.name} instead of ${base.error.name}`);
  }
  if (!isDeepStrictEqual(r.seen, base.seen)) return bad(`stream delivered ${r.seen.length}/${base.seen.length} events`);
  if (!isDeepStrictEqual(r.value, base.value)) return bad('different result');
  return OK;
}

function ended(r) {
  if (r.counts) {
    if (r.counts.started === 0) return bad('no span');
    return r.counts.started === r.counts.ended ? OK : bad(`${r.counts.ended}/${r.counts.started} ended`);
  }
  // No span hooks inside an agent: a span missing from the export after the call settled never ended.
  return r.spans.length > 0 ? OK : bad('no span exported');
}

function errorType(spans, expected) {
  const attrs = merged(spans);
  const types = [attrs['error.type'], ...spans.flatMap((s) => s.events.map((e) => e.attributes['exception.type']))].filter(Boolean).map(String);
  if (types.some((t) => t === expected)) return OK;
  const status = spans.some((s) => s.status === 'error');
  if (types.length) return bad(`${types[0]}`);
  return bad(status ? 'status ERROR, no type' : 'absent');
}

function contentRecorded(spans) {
  const values = spans.flatMap((s) => [...Object.values(s.attributes), ...s.events.flatMap((e) => Object.values(e.attributes))]);
  return values.some((v) => String(v).includes(PROMPT_MARKER)) ? bad('prompt recorded') : OK;
}

/** The rows of checks for one scenario: `[label, cell]` pairs. */
export function judge(scenario, r, base, stray) {
  const e = scenario.expect;
  const attrs = merged(r.spans);
  const rows = [
    ['behaviour preserved', behaviour(r, base, stray)],
    ['span ended', ended(r)],
  ];
  if (e.input !== undefined) {
    const i = tokens(attrs, INPUT, e.input);
    const o = tokens(attrs, OUTPUT, e.output);
    rows.push(['input / output tokens', i === OK && o === OK ? OK : `${i === OK ? '' : `in ${i} `}${o === OK ? '' : `out ${o}`}`.trim()]);
  }
  if (e.cacheRead !== undefined) {
    const cr = tokens(attrs, CACHE_READ, e.cacheRead);
    const cw = tokens(attrs, CACHE_WRITE, e.cacheWrite);
    rows.push(['cache read / write tokens', cr === OK && cw === OK ? OK : `${cr === OK ? '' : `read ${cr} `}${cw === OK ? '' : `write ${cw}`}`.trim()]);
  }
  if (e.cost !== undefined) {
    const found = byPattern(attrs, COST).filter(([, v]) => typeof v === 'number');
    const total = found.find(([k]) => /total/.test(k)) ?? found.find(([k]) => !/input|output|cache/.test(k)) ?? found[0];
    rows.push(['cost', !total ? bad('absent') : Math.abs(total[1] - e.cost) <= e.cost * 0.02 ? OK : bad(`${total[1]} ≠ ${e.cost.toPrecision(3)}`)]);
  }
  if (e.finish !== undefined) {
    const found = byPattern(attrs, FINISH).flatMap(([, v]) => (Array.isArray(v) ? v : [v])).map(String);
    rows.push(['finish reason', found.some((f) => FINISH_OK[e.finish].includes(f)) ? OK : bad(found[0] ?? 'absent')]);
  }
  if (e.ttfc) {
    const found = byPattern(attrs, TTFC).find(([, v]) => typeof v === 'number' && v > 0);
    rows.push(['time to first chunk', found ? OK : bad('absent')]);
  }
  if (e.errorType !== undefined) rows.push(['error type', errorType(r.spans, e.errorType)]);
  rows.push(['no prompt content by default', contentRecorded(r.spans)]);
  return rows;
}
