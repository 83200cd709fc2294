import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parse, parseDocument, type Document, type Node, type Pair, type Range, type YAMLMap } from 'yaml';

/**
 * `text` (parsed as `doc`) with `<key>.<id>` set to `count`, every other byte as it was; undefined
 * when that cannot be done safely (the caller then leaves the file alone).
 *
 * The `yaml` document model finds the spot (each node knows its source range) and only that spot is
 * rewritten: printing the document again (`doc.toString()`) would refold long strings, respace flow
 * collections, reindent sequences and lowercase hex — the rest of a team's file must not change
 * because one mark was added. A JSON file (`json`) stays strict JSON, as the distro reads `.json`
 * with `JSON.parse`. The result is parsed again and must equal the old content plus the mark.
 */
export function setMarkInPlace(text: string, doc: Document.Parsed, key: string, id: string, count: number, json: boolean): string | undefined {
  if (doc.errors.length > 0) return undefined;
  const spot: Spot = { key, id, keyText: written(key, json), entry: `${written(id, json)}: ${count}`, count, nl: text.includes('\r\n') ? '\r\n' : '\n', json };
  const edited = splice(text, doc, spot);
  return edited !== undefined && holdsMark(text, edited, key, id, count, json) ? edited : undefined;
}

interface Spot {
  key: string;
  id: string;
  /** `key`, and `id: count`, as they are written into the file. */
  keyText: string;
  entry: string;
  count: number;
  nl: string;
  json: boolean;
}

/** A key as the file shows it: plain when YAML reads it back as the same string, else double-quoted (valid in JSON too). */
function written(s: string, json: boolean): string {
  return !json && /^[A-Za-z_][\w.-]*$/.test(s) && parse(s) === s ? s : JSON.stringify(s);
}

function splice(text: string, doc: Document.Parsed, s: Spot): string | undefined {
  const top = doc.contents;
  const replace = (range: readonly number[], by: string) => text.slice(0, range[0]) + by + text.slice(range[1]);
  const insert = (at: number, by: string) => text.slice(0, at) + by + text.slice(at);
  const appended = () => `${text}${text === '' || text.endsWith('\n') ? '' : s.nl}${s.keyText}:${s.nl}  ${s.entry}${s.nl}`;

  if (top === null || (isScalar(top) && top.value === null)) {
    if (!s.json) return appended();
    return text.trim() === '' ? `{${s.nl}  ${s.keyText}: { ${s.entry} }${s.nl}}${s.nl}` : undefined;
  }
  if (!isMap(top)) return undefined;
  const pair = findPair(top, s.key);
  if (pair === undefined) return top.flow === true ? addToFlowMap(text, top, `${s.keyText}: { ${s.entry} }`, s.nl) : appended();

  const marks = pair.value as Node | null;
  if (marks === null || (isScalar(marks) && marks.value === null)) {
    // `key: ~` becomes `key: { id: 1 }`; `key:` with nothing after it gets the entry on the next line.
    const range = rangeOf(marks);
    if (range !== undefined && range[1] > range[0]) return replace(range, `{ ${s.entry} }`);
    const keyRange = rangeOf(pair.key as Node);
    if (top.flow === true || keyRange === undefined) return undefined;
    return insert(lineEnd(text, keyRange[1]), `${s.nl}${' '.repeat(column(text, keyRange[0]) + 2)}${s.entry}`);
  }
  if (!isMap(marks)) return undefined;
  const existing = findPair(marks, s.id);
  if (existing !== undefined) {
    const range = rangeOf(existing.value as Node | null);
    if (range === undefined) return undefined;
    return range[1] > range[0] ? replace(range, String(s.count)) : insert(range[0], ` ${s.count}`);
  }
  if (marks.flow === true) return addToFlowMap(text, marks, s.entry, s.nl);
  const first = rangeOf(marks.items[0]?.key as Node | undefined);
  const lastEnd = endOf(marks.items.at(-1));
  if (first === undefined || lastEnd === undefined) return undefined;
  return insert(lineEnd(text, lastEnd), `${s.nl}${' '.repeat(column(text, first[0]))}${s.entry}`);
}

/** Where a pair's source ends: after its value, or after its key when it has none. */
function endOf(pair: Pair | undefined): number | undefined {
  if (pair === undefined) return undefined;
  return (rangeOf(pair.value as Node | null) ?? rangeOf(pair.key as Node))?.[1];
}

/** Adds `entry` as the last item of a flow map (`{ a: 1 }`, or a JSON object over several lines). */
function addToFlowMap(text: string, map: YAMLMap, entry: string, nl: string): string | undefined {
  const range = rangeOf(map);
  if (range === undefined) return undefined;
  if (map.items.length === 0) return text.slice(0, range[0]) + `{ ${entry} }` + text.slice(range[1]);
  const lastEnd = endOf(map.items.at(-1));
  const firstKey = rangeOf(map.items[0]?.key as Node | undefined)?.[0];
  if (lastEnd === undefined || firstKey === undefined) return undefined;
  // One item a line (pretty-printed JSON) gets one more line at the same indent; `{ a: 1 }` stays on its line.
  const multiLine = text.slice(range[0], firstKey).includes('\n');
  const by = multiLine ? `,${nl}${' '.repeat(column(text, firstKey))}${entry}` : `, ${entry}`;
  return text.slice(0, lastEnd) + by + text.slice(lastEnd);
}

function rangeOf(node: Node | null | undefined): Range | undefined {
  return node?.range ?? undefined;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
}

/** The end of the line `at` is on (before its newline), so a trailing comment stays where it is. */
function lineEnd(text: string, at: number): number {
  const i = text.indexOf('\n', at);
  if (i === -1) return text.length;
  return text[i - 1] === '\r' ? i - 1 : i;
}

function column(text: string, at: number): number {
  return at - (text.lastIndexOf('\n', at - 1) + 1);
}

/** Whether `after` reads as `before` plus the mark and nothing else (strict JSON for a JSON file). */
function holdsMark(before: string, after: string, key: string, id: string, count: number, json: boolean): boolean {
  const read = (t: string): unknown => {
    if (json) return t.trim() === '' ? null : JSON.parse(t);
    const d = parseDocument(t);
    return d.errors.length > 0 ? undefined : d.toJS({ maxAliasCount: 100 });
  };
  try {
    const old = (read(before) ?? {}) as Record<string, unknown>;
    const marks = old[key];
    const expected = { ...old, [key]: { ...(typeof marks === 'object' && marks !== null ? marks : {}), [id]: count } };
    return isDeepStrictEqual(read(after), expected);
  } catch {
    return false;
  }
}
