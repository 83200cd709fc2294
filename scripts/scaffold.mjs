// One-off generator for package boilerplate (kept so new packages start the same way).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
const [dir, name, description, isPrivate] = process.argv.slice(2);
const root = join('packages', dir);
mkdirSync(join(root, 'src'), { recursive: true });
mkdirSync(join(root, 'test'), { recursive: true });
const pkg = {
  name, version: '0.1.0', description, license: 'Apache-2.0',
  ...(isPrivate === 'private' ? { private: true } : {}),
  engines: { node: '>=20.6.0' },
  main: './dist/index.js', module: './dist/index.mjs', types: './dist/index.d.ts',
  exports: { '.': { types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.js' }, './package.json': './package.json' },
  files: ['dist', 'README.md'],
  scripts: { build: 'tsup', lint: 'tsc --noEmit -p tsconfig.json', test: 'vitest run --root ../.. --project ' + name, clean: 'rm -rf dist' },
  dependencies: {}, devDependencies: {},
};
if (!existsSync(join(root, 'package.json'))) writeFileSync(join(root, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { rootDir: '.', noEmit: true }, include: ['src', 'test'] }, null, 2) + '\n');
writeFileSync(join(root, 'tsup.config.ts'), `import { kensaTsup } from '../../tsup.base';\n\nexport default kensaTsup();\n`);
