import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// One Vitest project per package (named after the package) plus the cross-package tests in test/.
const packageProjects = readdirSync('packages', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`packages/${d.name}/package.json`))
  .map((d) => ({
    extends: true as const,
    test: {
      name: `@kensa/${d.name}`,
      root: `packages/${d.name}`,
      include: ['test/**/*.test.ts'],
    },
  }));

// Unit tests import sibling packages from source, so they never wait for (or race with) a build.
// Child-process tests (`node --require @kensa/node/register`) load the built dist/ instead.
const sourceAliases = readdirSync('packages', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`packages/${d.name}/src/index.ts`))
  .map((d) => ({ find: new RegExp(`^@kensa/${d.name}$`), replacement: resolve(`packages/${d.name}/src/index.ts`) }));

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    // Child-process and server tests dominate; two cores, so keep the fan-out small.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
    passWithNoTests: false,
    projects: [
      ...packageProjects,
      { extends: true, test: { name: 'e2e', root: 'test', include: ['**/*.test.ts'] } },
      { extends: true, test: { name: 'manga-assist', root: 'examples/manga-assist', include: ['test/**/*.test.ts'] } },
    ],
  },
});
