import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKensaConfig } from '../src/config/loadKensaConfig';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kensa-config-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadKensaConfig', () => {
  it('reads YAML', () => {
    const path = file('kensa.yaml', 'sla:\n  target_ms: 3000\nbudgets:\n  bedrock_invoke: { limit_ms: 2300 }\n');
    expect(loadKensaConfig(path)).toEqual({ config: { sla: { target_ms: 3000 }, budgets: { bedrock_invoke: { limit_ms: 2300 } } } });
  });

  it('reads JSON strictly', () => {
    expect(loadKensaConfig(file('kensa.json', '{"prices": {"x": 1}}')).config).toEqual({ prices: { x: 1 } });
    const bad = loadKensaConfig(file('bad.json', '{"prices": {"x": 1},}'));
    expect(bad.config).toBeUndefined();
    expect(bad.warning).toContain('bad.json');
    expect(bad.warning).toContain('malformed');
  });

  it('treats an empty file as an empty config', () => {
    expect(loadKensaConfig(file('empty.yaml', ''))).toEqual({ config: {} });
  });

  it('names the file and the problem when it is missing, malformed or not a mapping', () => {
    const missing = loadKensaConfig(join(dir, 'absent.yaml'));
    expect(missing.config).toBeUndefined();
    expect(missing.warning).toMatch(/absent\.yaml: file not found/);
    const malformed = loadKensaConfig(file('broken.yaml', 'budgets: [unclosed\n'));
    expect(malformed.config).toBeUndefined();
    expect(malformed.warning).toMatch(/broken\.yaml: malformed \(.+\)/);
    const list = loadKensaConfig(file('list.yaml', '- a\n- b\n'));
    expect(list.warning).toMatch(/list\.yaml: expected a mapping/);
    const dirAsFile = loadKensaConfig(dir);
    expect(dirAsFile.warning).toMatch(/cannot read it \(EISDIR\)/);
  });
});
