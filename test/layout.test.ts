import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const packages = readdirSync(join(root, 'packages')).filter((d) => existsSync(join(root, 'packages', d, 'package.json')));

describe('workspace layout', () => {
  it.each(packages)('packages/%s declares dual CommonJS/ESM exports with types first', (dir) => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe(`@kensa/${dir}`);
    for (const [subpath, target] of Object.entries<Record<string, string> | string>(pkg.exports)) {
      if (typeof target === 'string') continue;
      expect(Object.keys(target)[0], `${dir} ${subpath}`).toBe('types');
      expect(target.require, `${dir} ${subpath}`).toMatch(/\.js$/);
      expect(target.import, `${dir} ${subpath}`).toMatch(/\.mjs$/);
    }
  });

  it.each(packages)('packages/%s peers on @opentelemetry/api instead of bundling it (libraries only)', (dir) => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    const usesApi = Boolean(pkg.dependencies?.['@opentelemetry/api'] || pkg.peerDependencies?.['@opentelemetry/api']);
    // The distro owns the API instance it registers; libraries must share the application's.
    if (usesApi && dir !== 'node') expect(pkg.peerDependencies?.['@opentelemetry/api']).toBeDefined();
  });
});
