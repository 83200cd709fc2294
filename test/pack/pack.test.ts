import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Packs every publishable package with `npm pack`, installs all the tarballs together into a
 * scratch project (so @kensa/* dependencies come from the tarballs, not the registry), and
 * resolves and loads every `main`/`types`/`exports` target the way a user's project would.
 */
const root = join(__dirname, '..', '..');
const packageDirs = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')))
  .filter((d) => !JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).private);
const manifests = packageDirs.map((d) => JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')));

type Target = { subpath: string; specifier: string; types?: string; import?: string; require?: string };

function targetsOf(pkg: { name: string; exports?: Record<string, unknown> }): Target[] {
  return Object.entries(pkg.exports ?? {})
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, conditions]) => ({
      subpath,
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
      ...(conditions as Record<string, string>),
    }));
}

let scratch = '';
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });

beforeAll(() => {
  if (packageDirs.some((d) => !existsSync(join(d, 'dist')))) {
    execFileSync('npx', ['turbo', 'run', 'build'], { cwd: root, stdio: 'ignore', timeout: 300_000 });
  }
  scratch = mkdtempSync(join(tmpdir(), 'kensa-pack-'));
  const tarballs = packageDirs.map((dir) => {
    const out = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], dir)) as Array<{ filename: string }>;
    return join(scratch, out[0]!.filename);
  });
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...tarballs], scratch);
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.each(manifests.map((m) => [m.name, m] as const))('%s from its packed tarball', (name, manifest) => {
  const installed = () => join(scratch, 'node_modules', name);

  it('is installed from our tarball, never from the registry', () => {
    const lock = JSON.parse(readFileSync(join(scratch, 'package-lock.json'), 'utf8'));
    const entries = Object.entries<{ resolved?: string }>(lock.packages).filter(([path]) => path.endsWith(`node_modules/${name}`));
    expect(entries.length).toBe(1);
    expect(entries[0]![1].resolved).toMatch(/^file:.*\.tgz$/);
  });

  it('ships every main/module/types/exports target', () => {
    const files = [manifest.main, manifest.module, manifest.types].filter(Boolean) as string[];
    for (const t of targetsOf(manifest)) files.push(...([t.types, t.import, t.require].filter(Boolean) as string[]));
    for (const file of files) expect(existsSync(join(installed(), file)), `${name}: ${file}`).toBe(true);
  });

  it.each(targetsOf(manifest).map((t) => [t.specifier, t] as const))('%s loads with require and import', (specifier, t) => {
    // The distro's register entry would start the SDK; disabled, it must still load cleanly.
    const env = { ...process.env, OTEL_SDK_DISABLED: 'true', NODE_OPTIONS: '' };
    const cjs = `const p=require.resolve(${JSON.stringify(specifier)});require(${JSON.stringify(specifier)});console.log(p)`;
    const resolvedCjs = execFileSync(process.execPath, ['-e', cjs], { cwd: scratch, env, encoding: 'utf8' }).trim();
    expect(resolvedCjs.endsWith(t.require!.slice(1))).toBe(true);
    const esm = `const p=import.meta.resolve(${JSON.stringify(specifier)});await import(${JSON.stringify(specifier)});console.log(p)`;
    const resolvedEsm = execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: scratch, env, encoding: 'utf8' }).trim();
    expect(resolvedEsm.endsWith(t.import!.slice(1))).toBe(true);
  });
});
