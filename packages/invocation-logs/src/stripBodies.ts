const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Bodies the aggregation never reads and that make up most of a record's bytes. */
const BODY_KEYS = ['"inputBodyJson":', '"outputBodyJson":'];

/**
 * Replaces the values of `inputBodyJson` and `outputBodyJson` with `0` before JSON.parse, so the parser
 * does not build objects for prompt and response text we never read (most of a record's bytes, and the
 * text stays out of memory too). Only whole, balanced values are replaced: anything unexpected leaves the
 * line as it was, and JSON.parse then sees the original — this can make parsing slower, never different.
 *
 * A key match cannot come from inside a string value: a quote inside a JSON string is escaped, so the
 * string would read `\"inputBodyJson\":`, which does not contain `"inputBodyJson":`.
 */
export function stripBodies(line: string): string {
  let out = line;
  for (const key of BODY_KEYS) {
    const at = out.indexOf(key);
    if (at < 0) continue;
    let start = at + key.length;
    while (start < out.length && isSpace(out.charCodeAt(start))) start += 1;
    const end = endOfValue(out, start);
    if (end < 0) continue;
    out = out.slice(0, start) + '0' + out.slice(end);
  }
  return out;
}

/** Index just past the object, array or string starting at `start`; -1 if it is not one or is unbalanced. */
function endOfValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return endOfString(text, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return -1;
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = endOfString(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index just past the string whose opening quote is at `start`; -1 if it never closes. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let j = q - 1; j > start && text.charCodeAt(j) === BACKSLASH; j -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
