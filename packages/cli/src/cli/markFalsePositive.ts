import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CONFIDENCE, readProcessorsConfig } from '@kensa/processors';
import { isMap, isScalar, parseDocument } from 'yaml';
import { reportConfigFrom } from '../report/ReportConfig';
import { setMarkInPlace } from './setMarkInPlace';

/** The config-file key that holds the marks (`error_false_positive_marks: { EP-004: 5 }`). */
const MARKS_KEY = 'error_false_positive_marks';

export interface MarkOutcome {
  /** 0 marked, 1 the file could not be read or written, 2 usage error (no file, unknown pattern). */
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * `kensa mark-false-positive <pattern-id>`: adds one mark to the pattern in the Kensa config file,
 * editing it in place (the `yaml` document model finds the spot; see `setMarkInPlace`) so comments,
 * order and formatting of everything else survive, and a JSON file stays JSON. A missing file is
 * created. The pattern must be one the file's own catalogue or the default one knows. Processes read
 * the file when they start.
 */
export function markFalsePositive(patternId: string, path: string | undefined): MarkOutcome {
  const fail = (exitCode: number, message: string): MarkOutcome => ({ exitCode, stdout: '', stderr: `kensa: ${message}\n` });
  if (path === undefined || path.trim() === '') return fail(2, 'no config file: pass --config <file> or set KENSA_CONFIG');
  let text = '';
  if (existsSync(path)) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return fail(1, `could not read ${path}: ${(error as Error).message}`);
    }
  }
  // The distro reads `.json` with JSON.parse, so a JSON file must stay strict JSON.
  const json = extname(path).toLowerCase() === '.json';
  if (json && text.trim() !== '') {
    try {
      JSON.parse(text);
    } catch (error) {
      return fail(1, `${path} is not valid JSON (${(error as Error).message}); nothing was changed`);
    }
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return fail(1, `${path} is not valid YAML or JSON (${doc.errors[0]!.message.split('\n')[0]}); nothing was changed`);
  if (doc.contents !== null && !isMap(doc.contents)) return fail(1, `${path} must hold a mapping at the top level; nothing was changed`);

  const config = reportConfigFrom(readProcessorsConfig(doc.toJS({ maxAliasCount: 100 })).config);
  if (!config.patterns.some((p) => p.id === patternId)) {
    const known = config.patterns.map((p) => p.id).join(', ');
    return fail(2, `unknown error pattern "${patternId}" (known: ${known})`);
  }
  const marks = doc.get(MARKS_KEY, true);
  if (marks !== undefined && marks !== null && !isMap(marks) && !(isScalar(marks) && marks.value === null)) {
    return fail(1, `${path}: ${MARKS_KEY} must map pattern ids to counts; nothing was changed`);
  }
  const current = doc.getIn([MARKS_KEY, patternId]);
  const before = typeof current === 'number' && Number.isInteger(current) && current >= 0 ? current : 0;
  const after = before + 1;
  const edited = setMarkInPlace(text, doc, MARKS_KEY, patternId, after, json);
  if (edited === undefined) {
    return fail(1, `could not add the mark to ${path} without changing the rest of it; add \`${MARKS_KEY}: { ${patternId}: ${after} }\` by hand; nothing was changed`);
  }
  try {
    writeFileSync(path, edited);
  } catch (error) {
    return fail(1, `could not write ${path}: ${(error as Error).message}`);
  }
  const threshold = config.falsePositiveThreshold;
  const verdict =
    after > threshold
      ? `more than ${threshold}: its matches now have low confidence (${CONFIDENCE.disputed}) in reports and, after a restart, on spans`
      : `low confidence after more than ${threshold}`;
  return { exitCode: 0, stdout: `${patternId} marked false positive ${after} time${after === 1 ? '' : 's'} in ${path}; ${verdict}\n`, stderr: '' };
}
