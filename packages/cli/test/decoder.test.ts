import { DEFAULT_COMPONENT_RULES } from '@kensa/processors';
import { describe, expect, it } from 'vitest';
import { TelemetryGenerator, type GeneratorOptions } from '../src/generate';
import { mulberry32 } from '../src/generate/prng';
import { ChunkDecoder, type ChunkCounts, type ChunkSkip } from '../src/input/ChunkDecoder';
import { decodeParsedLine } from '../src/input/decodeParsedLine';
import { SpanBatch } from '../src/input/SpanBatch';
import { SpanRecord } from '../src/input/SpanRecord';
import { TraceLineDecoder } from '../src/input/TraceLineDecoder';

// The byte decoder against the reading it replaces (readline's line split, JSON.parse, the object
// decoder), on generated telemetry, on every valid re-encoding of it we could think of, and on
// broken input. Rows are compared field by field (NaN, -0 and undefined included).

interface Decoded {
  counts: ChunkCounts;
  skips: ChunkSkip[];
  rows: Record<string, unknown>[];
}

const rules = DEFAULT_COMPONENT_RULES;

function rowsOf(batch: SpanBatch): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < batch.count; i++) {
    const r = new SpanRecord();
    batch.read(i, r);
    rows.push({ ...r });
  }
  return rows;
}

function zero(): ChunkCounts {
  return { lines: 0, traceLines: 0, metricLines: 0, logLines: 0, spans: 0, metricDataPoints: 0, logRecords: 0, skippedLines: 0 };
}

/** The old OtlpReader's reading of a whole file's text. */
function reference(text: string): Decoded {
  const counts = zero();
  const skips: ChunkSkip[] = [];
  const batch = new SpanBatch();
  const record = new SpanRecord();
  const lines = text.split(/\r?\n|\r(?!\n)/);
  if (lines[lines.length - 1] === '') lines.pop();
  const skip = (why: string): void => {
    counts.skippedLines++;
    if (skips.length < 5) skips.push({ line: counts.lines, why });
  };
  for (const line of lines) {
    counts.lines++;
    if (line.trim().length === 0) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      skip('not valid JSON (truncated line?)');
      continue;
    }
    if (!decodeParsedLine(doc, counts, record, batch, rules)) skip('not an OTLP/JSON export request (no resourceSpans, resourceMetrics or resourceLogs)');
  }
  return { counts, skips, rows: rowsOf(batch) };
}

/** The new reading: bytes, as LineChunkReader hands them over (a final line gets its newline). */
function decoded(text: string): Decoded {
  let bytes = Buffer.from(text, 'utf8');
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) bytes = Buffer.concat([bytes, Buffer.from('\n')]);
  const r = new ChunkDecoder(rules).decode(bytes, bytes.length);
  return { counts: r.counts, skips: r.skips, rows: rowsOf(r.spans) };
}

function expectSame(text: string): Decoded {
  const want = reference(text);
  expect(decoded(text)).toEqual(want);
  return want;
}

/** Whether the fast path takes the line itself (rather than leaving it to JSON.parse). */
function fastAccepts(line: string): boolean {
  const b = Buffer.from(line + '\n');
  return new TraceLineDecoder(rules).decode(b, 0, b.length - 1, new SpanBatch());
}

const GENERATED: GeneratorOptions[] = [
  { requests: 40, seed: 7, faults: { throttlingRate: 0.3, slowVectorSearchRate: 0.1, lowRelevanceRate: 0.2, contextOverflowRate: 0.2 } },
  { requests: 24, seed: 8, kensaAttributes: false, faults: { throttlingRate: 0.3, contextOverflowRate: 0.2 } },
  { requests: 24, seed: 9, int64AsNumber: true, faults: { throttlingRate: 0.3 } },
];

function generated(o: GeneratorOptions): string[] {
  return [...new TelemetryGenerator(o).lines()];
}

/**
 * JSON with keys shuffled at every level, spaces and tabs between tokens, and (optionally) \u
 * escapes in strings: the same document to JSON.parse, different bytes to the decoder.
 */
function reencode(v: unknown, rand: () => number, escapes: 'none' | 'values' | 'keys'): string {
  const ws = (): string => (rand() < 0.3 ? [' ', '\t', '  ', ' \t '][Math.floor(rand() * 4)] as string : '');
  const str = (s: string, isKey: boolean): string => {
    const escape = escapes === 'keys' || (escapes === 'values' && !isKey);
    if (!escape) return JSON.stringify(s);
    let out = '"';
    for (const ch of s) {
      const code = ch.codePointAt(0) as number;
      if (code < 0x10000 && rand() < 0.2) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += JSON.stringify(ch).slice(1, -1);
    }
    return out + '"';
  };
  const enc = (x: unknown): string => {
    if (Array.isArray(x)) return `[${ws()}${x.map((e) => enc(e)).join(`${ws()},${ws()}`)}${ws()}]`;
    if (x !== null && typeof x === 'object') {
      const entries = Object.entries(x);
      for (let i = entries.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
      }
      return `{${ws()}${entries.map(([k, e]) => `${str(k, true)}${ws()}:${ws()}${enc(e)}`).join(`${ws()},${ws()}`)}${ws()}}`;
    }
    if (typeof x === 'string') return str(x, false);
    return JSON.stringify(x);
  };
  return enc(v);
}

const span = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  parentSpanId: 'c'.repeat(16),
  name: 'chat',
  kind: 3,
  startTimeUnixNano: '1763683200000000000',
  endTimeUnixNano: '1763683201500000000',
  status: { code: 0 },
  attributes: [{ key: 'kensa.budget.component', value: { stringValue: 'bedrock_invoke' } }],
  ...extra,
});
const line = (...spans: unknown[]): string => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
const kv = (key: string, value: unknown): unknown => ({ key, value });

describe('the byte decoder reads what JSON.parse and the object decoder read', () => {
  it.each(GENERATED.map((o, i) => [i, o] as const))('generated telemetry %i, and takes every line itself', (_i, o) => {
    const lines = generated(o);
    for (const l of lines) expect(fastAccepts(l)).toBe(true);
    const want = expectSame(lines.join('\n') + '\n');
    expect(want.rows.length).toBeGreaterThan(100);
  });

  it('keys in any order and spaces or tabs between tokens', () => {
    const rand = mulberry32(11);
    for (const o of GENERATED) {
      const lines = generated(o).map((l) => reencode(JSON.parse(l), rand, 'none'));
      for (const l of lines) expect(fastAccepts(l)).toBe(true);
      expectSame(lines.join('\n'));
    }
  });

  it('escaped and non-ASCII strings, keys included', () => {
    const rand = mulberry32(12);
    const o = GENERATED[0] as GeneratorOptions;
    for (const mode of ['values', 'keys'] as const) {
      const lines = generated(o).map((l) => reencode(JSON.parse(l), rand, mode));
      for (const l of lines) expect(fastAccepts(l)).toBe(true);
      expectSame(lines.join('\n'));
    }
    const unicode = line(span({ name: 'chat ☃ 日本語 😀', attributes: [kv('session.id', { stringValue: 'sess-ü-\u00e9' }), kv('kensa.budget.component', { stringValue: 'bedrock_invoke' }), kv('user.id', { stringValue: '\u2028\u0000"\\/\b\f\n\r\t' })] }));
    expect(fastAccepts(unicode)).toBe(true);
    expectSame(unicode);
  });

  it('every AnyValue form of the attributes it reads', () => {
    const values: unknown[] = [
      { stringValue: '12' }, { stringValue: '' }, { stringValue: ' 7 ' }, { stringValue: 'true' }, { stringValue: 'false' }, { stringValue: '0x1f' },
      { intValue: '42' }, { intValue: 42 }, { intValue: '-0' }, { intValue: -0 }, { intValue: '9007199254740993' }, { intValue: 1e21 }, { intValue: '1e3' }, { intValue: '' }, { intValue: '007' },
      { doubleValue: 0.21506620389409364 }, { doubleValue: '0.5' }, { doubleValue: 1.5e-7 }, { doubleValue: -2.5E+3 }, { doubleValue: 0 },
      { boolValue: true }, { boolValue: false },
      { arrayValue: { values: [{ stringValue: 'stop' }, { stringValue: 'content_filter' }] } },
      { arrayValue: { values: [null, 3, { intValue: 5 }, { arrayValue: { values: [{ stringValue: 'in' }, { boolValue: true }] } }, { kvlistValue: {} }] } },
      { arrayValue: { values: null } }, { arrayValue: {} }, { arrayValue: { values: [] } }, { arrayValue: null }, { arrayValue: { values: 'ab' } },
      { kvlistValue: { values: [] } }, { bytesValue: 'AAEC' }, {}, null, 5, 'x', [{ stringValue: 'a' }],
      { stringValue: 'a', intValue: '3' }, { intValue: '3', doubleValue: 4.5 }, { doubleValue: 4.5, boolValue: true }, { boolValue: true, arrayValue: { values: [] } },
      { stringValue: 5 }, { stringValue: null }, { intValue: null }, { intValue: true }, { boolValue: 'yes' }, { boolValue: null },
    ];
    const keys = ['kensa.budget.component', 'gen_ai.usage.input_tokens', 'kensa.sla.met', 'gen_ai.response.finish_reasons', 'kensa.context.utilization', 'session.id', 'gen_ai.conversation.id', 'db.system', 'db.system.name'];
    const spans = values.flatMap((value, i) => keys.map((key, k) => span({ spanId: `${i}-${k}`, attributes: [kv(key, value), kv('session.id', { stringValue: 's' }), kv(key, value)] })));
    expectSame(spans.map((s) => line(s)).join('\n'));
    // value before key, extra members, a key that is not a string, no value at all
    const odd = [
      { value: { stringValue: 'redis_cache' }, key: 'kensa.budget.component' },
      { key: 'kensa.budget.component', other: [1, { a: null }], value: { intValue: 7 } },
      { key: 5, value: { stringValue: 'x' } },
      { key: 'gen_ai.usage.input_tokens' },
      { key: 'gen_ai.usage.input_tokens', value: null },
      null, 3, [],
    ];
    const l = line(span({ attributes: odd }));
    expect(fastAccepts(l)).toBe(true);
    expectSame(l);
  });

  it('ids, kinds, times and status as written in the wild, and missing or mistyped', () => {
    const variants: Record<string, unknown>[] = [
      { kind: 'SPAN_KIND_SERVER' }, { kind: 'SPAN_KIND_NOPE' }, { kind: 'constructor' }, { kind: null }, { kind: true }, { kind: 2.0 }, { kind: -1 }, { kind: ['SPAN_KIND_CLIENT'] }, { kind: {} },
      { startTimeUnixNano: 1763683200000000000, endTimeUnixNano: 1763683201500000000 },
      { startTimeUnixNano: '1763683200000000000', endTimeUnixNano: 1763683201500000000 },
      { startTimeUnixNano: '123', endTimeUnixNano: '4567' }, { startTimeUnixNano: '1234567', endTimeUnixNano: '12345678' },
      { startTimeUnixNano: '17636832000000000000000', endTimeUnixNano: '17636832000000000000001' },
      { startTimeUnixNano: ' 1763683200000000000', endTimeUnixNano: '1763683201500000000 ' },
      { startTimeUnixNano: 'soon' }, { startTimeUnixNano: null }, { startTimeUnixNano: undefined }, { endTimeUnixNano: true }, { startTimeUnixNano: 1.5e18, endTimeUnixNano: 1.6e18 },
      { status: { code: 2, message: 'ThrottlingException: Rate exceeded' } }, { status: { code: 'STATUS_CODE_ERROR' } }, { status: { message: 'x', code: 2e0 } },
      { status: { code: '2' } }, { status: null }, { status: 'error' }, { status: [] }, { status: { code: 2, message: 42 } }, { status: { code: 2, extra: { code: 0 } } },
      { traceId: 7 }, { spanId: '' }, { parentSpanId: null }, { parentSpanId: '' }, { name: ['x'] }, { traceId: 'T\u00e9' },
      { attributes: 'none' }, { attributes: null }, { attributes: {} },
      { events: [{ name: 'exception', attributes: [kv('exception.type', { stringValue: 'ThrottlingException' }), kv('exception.message', { stringValue: 'Rate exceeded' })] }] },
      { events: [{ attributes: [kv('exception.message', { stringValue: 'first' }), kv('exception.message', { stringValue: 'second' })], name: 'exception' }, { name: 'exception', attributes: [kv('exception.type', { intValue: 3 })] }] },
      { events: [{ name: 'retry', attributes: [kv('exception.type', { stringValue: 'no' })] }, null, 5, { name: 'exception' }, { name: 'exception', attributes: 'x' }] },
      { events: 'none', links: [{ traceId: 'x' }], droppedAttributesCount: 3, flags: 257, traceState: 'a=b' },
    ];
    const spans = variants.map((v, i) => span({ spanId: `s${i}`, ...v }));
    expectSame(spans.map((s) => line(s)).join('\n'));
    // All in one line, too: a batch of spans with resources and scopes around them. Kinds that
    // are arrays or objects, and boolean times, are the fast path's to decline.
    const taken = spans.filter((s) => typeof s.kind !== 'object' && typeof s.endTimeUnixNano !== 'boolean');
    const doc = { resourceSpans: [{ resource: { attributes: [kv('service.name', { stringValue: 'manga-assist' })] }, scopeSpans: [{ scope: { name: 'x' }, spans: taken.slice(0, 20) }, { spans: taken.slice(20) }] }, null, { scopeSpans: null }] };
    expect(fastAccepts(JSON.stringify(doc))).toBe(true);
    expectSame(JSON.stringify(doc));
    expectSame(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
  });

  it('spans without Kensa attributes get their component from the rules', () => {
    const plain = [
      span({ attributes: [kv('db.system.name', { stringValue: 'redis' })] }),
      span({ attributes: [kv('rpc.service', { stringValue: 'DynamoDB' })] }),
      span({ name: 'search manga-embeddings', attributes: [kv('kensa.budget.component', { stringValue: '' })] }),
      span({ parentSpanId: '', attributes: [] }),
      span({ attributes: [kv('gen_ai.provider.name', { stringValue: 'aws.bedrock' })] }),
    ];
    expectSame(plain.map((s) => line(s)).join('\n'));
  });

  it('lines that are not trace lines, and duplicate keys, which JSON.parse resolves', () => {
    const lines = [
      JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ sum: { dataPoints: [{}, {}] } }] }] }] }),
      JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{}] }] }] }),
      JSON.stringify({ resourceMetrics: [], resourceSpans: [{ scopeSpans: [{ spans: [span()] }] }] }),
      JSON.stringify({ resourceSpans: {} }), JSON.stringify({ resourceSpans: null, resourceLogs: [] }), '{}', '[]', '"x"', '5', 'null',
      `{"resourceSpans":[],"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span())}]}]}]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${'a'.repeat(32)}","traceId":"${'d'.repeat(32)}","spanId":"x","startTimeUnixNano":"1763683200000000000","endTimeUnixNano":"1763683201500000000"}]}]}]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span({ attributes: [{ key: 'session.id', key2: 1, value: { stringValue: 'a', stringValue2: 'b' } }] }))}]}]}]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span()).replace('"attributes":', '"attributes":[],"attributes":')}]}]}]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span({ attributes: [{ key: 'session.id', value: { stringValue: 'a' }, k2: 'user.id' }] })).replace('"k2":', '"key":')}]}]}]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span()).replace('"stringValue":"bedrock_invoke"', '"stringValue":"a","stringValue":"bedrock_invoke"')}]}]}]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span()).replace('"code":0', '"code":2,"code":0')}]}]}]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[]}]}]} {"resourceSpans":[]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[]}]}]}  `,
      line(span({ name: 'raw\ttab' })).replace('\\t', '\t'), line(span({ name: 'raw\u001f' })).replace('\\u001f', '\u001f'), line(span({ name: 'bad \\x escape' })).replace('\\\\x', '\\x'),
      `{"__proto__":{"resourceSpans":[]},"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span({ __proto__: 1 }))}]}]}]}`,
    ];
    expectSame(lines.join('\n'));
  });

  it('numbers and literals by the JSON grammar', () => {
    const tokens = ['0', '-0', '1', '-1', '10', '01', '1.', '.5', '1.5', '1e5', '1E+5', '1e-5', '1e', '-', '+1', '0x10', 'NaN', 'Infinity', '1.5e999', 'true', 'false', 'null', 'tru', 'nul', 'truex'];
    const lines = tokens.flatMap((t) => [
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span()).replace('"kind":3', `"kind":${t}`)}]}]}]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span({ attributes: [kv('gen_ai.usage.input_tokens', { intValue: 'X' })] })).replace('"X"', t)}]}]}]}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span({ droppedEventsCount: 'X' })).replace('"X"', t)}]}]}]}`,
    ]);
    expectSame(lines.join('\n'));
  });

  it('truncated at every byte: the same lines skipped, the same spans read', () => {
    const l = line(span({ attributes: [kv('session.id', { stringValue: 'sé\\"s' }), kv('gen_ai.usage.input_tokens', { intValue: '12' }), kv('kensa.sla.met', { boolValue: true }), kv('gen_ai.response.finish_reasons', { arrayValue: { values: [{ stringValue: 'stop' }] } })], events: [{ name: 'exception', attributes: [kv('exception.type', { stringValue: 'E' })] }] }));
    const text: string[] = [];
    for (let n = 0; n <= l.length; n++) text.push(l.slice(0, n));
    const want = expectSame(text.join('\n'));
    expect(want.counts.skippedLines).toBe(l.length - 1);
    expect(want.counts.spans).toBe(1);
  });

  it('random corruptions of valid lines', () => {
    const rand = mulberry32(13);
    const sources = [
      line(span({ attributes: [kv('session.id', { stringValue: 's1' }), kv('gen_ai.usage.input_tokens', { intValue: 12 }), kv('kensa.retrieval.score.max', { doubleValue: 0.25 }), kv('kensa.sla.met', { boolValue: false })], status: { code: 2, message: 'boom' }, events: [{ name: 'exception', attributes: [kv('exception.message', { stringValue: 'm' })] }] })),
      ...generated({ requests: 1, requestsPerLine: 1, seed: 3, faults: { throttlingRate: 1 } }),
    ];
    const alphabet = '{}[]":,\\ \t\u0001\u001f\u007f0123456789-+.eEtruefalsnu\u00e9x';
    const text: string[] = [];
    for (let k = 0; k < 3000; k++) {
      const src = sources[k % sources.length] as string;
      const chars = [...src];
      for (let edits = 1 + Math.floor(rand() * 3); edits > 0; edits--) {
        const at = Math.floor(rand() * chars.length);
        const c = alphabet[Math.floor(rand() * alphabet.length)] as string;
        const op = rand();
        if (op < 0.34) chars.splice(at, 1);
        else if (op < 0.67) chars.splice(at, 0, c);
        else chars[at] = c;
      }
      text.push(chars.join(''));
    }
    expectSame(text.join('\n'));
  });

  it('line ends as readline cut them: \\n, \\r\\n, a lone \\r; blank and whitespace-only lines; a byte-order mark', () => {
    const a = line(span({ spanId: 'a1' }));
    const b = line(span({ spanId: 'b1' }));
    for (const text of [
      `${a}\r\n${b}\r\n`, `${a}\r${b}`, `${a}\r\r\n\r\n${b}\n\n`, `${a}\n \t \n\u000b\n\u00a0\n${b}`, `\ufeff${a}\n${b}`, `${a}\r`, `\r\n`, '', '\n', `${a}\t \r\n`, ` \t${a}`,
    ]) {
      const want = expectSame(text);
      expect(want.counts.lines, JSON.stringify(text)).toBeGreaterThanOrEqual(text === '' ? 0 : 1);
    }
  });
});

describe('SpanBatch', () => {
  it('gives back every field of every record it was given, including absent and NaN ones', () => {
    const rand = mulberry32(5);
    const batch = new SpanBatch(2);
    const want: Record<string, unknown>[] = [];
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    for (let i = 0; i < 500; i++) {
      const r = new SpanRecord();
      for (const key of Object.keys(r) as (keyof SpanRecord)[]) {
        const v = r[key];
        if (key === 'serviceName') continue;
        if (typeof v === 'number') (r as unknown as Record<string, unknown>)[key] = pick([NaN, 0, -0, 1, 2.5, -1e300, Infinity, i]);
        else if (typeof v === 'boolean' || key === 'slaMet' || key === 'patternTransient' || key === 'retrievalLowRelevance') (r as unknown as Record<string, unknown>)[key] = key === 'isError' ? rand() < 0.5 : pick([undefined, true, false]);
        else if (typeof v === 'string') (r as unknown as Record<string, unknown>)[key] = pick(['', 'a', `id-${i}`, 'redis_cache']);
        else (r as unknown as Record<string, unknown>)[key] = pick([undefined, 'x', `v-${i % 7}`, '']);
      }
      batch.push(r);
      want.push({ ...r });
    }
    expect(rowsOf(SpanBatch.fromMessage(batch.toMessage()))).toEqual(want);
  });
});
