// Takes the README's screenshot of the HTML report in headless Chromium (Debian's chromium with
// playwright-core; a fresh profile per launch). Usage: node scripts/screenshot-report.mjs [report.html] [docs/report.png]
// Run `npm run demo` first to produce report.html.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(join(process.cwd(), 'packages', 'cli', 'package.json'));
const { chromium } = require('playwright-core');

const input = resolve(process.argv[2] ?? 'report.html');
const output = resolve(process.argv[3] ?? 'docs/report.png');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(input)) throw new Error(`${input} not found: run \`npm run demo\` first`);
if (!existsSync(executablePath)) throw new Error(`${executablePath} not found: apt-get install -y chromium`);

const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  await page.goto(pathToFileURL(input).href);
  await page.waitForFunction(() => document.querySelectorAll('canvas').length > 0);
  await page.waitForTimeout(800); // chart animations
  await page.screenshot({ path: output, fullPage: false });
  console.log(`screenshot written to ${output}`);
} finally {
  await browser.close();
}
