/// <reference lib="dom" />
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTelemetry } from '../src/generate';
import { runCli } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const CHART_IDS = ['chart-latency', 'chart-waterfall', 'chart-cost', 'chart-errors'];

let dir: string;
let html: string;
let htmlFile: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-html-'));
  await writeTelemetry(join(dir, 'in'), { requests: 1500, intervalMs: 1000, seed: 5, faults: { throttlingRate: 0.1, throttlingRamp: true, slowVectorSearchRate: 0.02 } });
  htmlFile = join(dir, 'report.html');
  const r = await runCli(['report', join(dir, 'in'), '--html', htmlFile]);
  expect(r.code).toBe(0);
  html = readFileSync(htmlFile, 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HTML report structure', () => {
  it('is one self-contained page with Chart.js inlined and no external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/https?:\/\/cdn/i);
    expect(html).toContain('Chart.js v4.6.1');
    for (const id of CHART_IDS) expect(html).toContain(`<canvas id="${id}">`);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('embeds the chart data as JSON the page can parse', () => {
    const m = /<script type="application\/json" id="kensa-data">([\s\S]*?)<\/script>/.exec(html);
    const data = JSON.parse(m?.[1] ?? 'null');
    expect(data.labels.length).toBeGreaterThan(4);
    expect(data.latency.map((d: { label: string }) => d.label)).toEqual(expect.arrayContaining(['request p50', 'request p90', 'request p99', 'bedrock_invoke p99']));
    expect(data.errors.map((d: { label: string }) => d.label)).toEqual(['EP-001']);
    expect(data.waterfall.data).toHaveLength(8);
    expect(data.costByModel.labels).toHaveLength(2);
  });

  it('carries the text report, escaped', () => {
    expect(html).toContain('<pre id="report-text">Kensa report: 12,000 spans');
    expect(html).toContain('→');
  });
});

describe('HTML report in a real browser', () => {
  it('renders every chart with no console errors', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      const how = 'Chromium is missing: install it with `apt-get update && apt-get install -y chromium` (Debian package, /usr/bin/chromium)';
      if (process.env.CI) throw new Error(how);
      console.warn(`\n*** SKIPPING the headless-browser test of the HTML report. ${how} ***\n`);
      ctx.skip();
      return;
    }
    const profile = mkdtempSync(join(tmpdir(), 'kensa-chromium-'));
    // Playwright owns --user-data-dir: a persistent context on a fresh directory is exactly that flag.
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
      });
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
      const charts = await page.evaluate((ids) => {
        const w = window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { datasets: unknown[] } } | undefined } };
        return ids.map((id) => {
          const canvas = document.getElementById(id) as HTMLCanvasElement;
          const chart = w.Chart.getChart(canvas);
          const ctx2d = canvas.getContext('2d') as CanvasRenderingContext2D;
          const { data } = ctx2d.getImageData(0, 0, canvas.width, canvas.height);
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) painted++;
          return { id, width: canvas.width, height: canvas.height, datasets: chart?.data.datasets.length ?? 0, painted };
        });
      }, CHART_IDS);
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(100);
        expect(c.height, c.id).toBeGreaterThan(100);
        expect(c.datasets, c.id).toBeGreaterThan(0);
        expect(c.painted, `${c.id} has drawn pixels`).toBeGreaterThan(1000);
      }
      expect(await page.locator('#report-text').innerText()).toContain('SLA:');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
