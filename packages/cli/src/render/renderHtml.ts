import type { Report } from '../report/Report';
import { chartJsSource } from './chartJsSource';
import { renderText } from './renderText';

/** Makes text safe inside an inline <script>: no closing tag, no HTML comment openers. */
function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The data the page's charts draw, kept small: no span lists beyond the slowest trace. */
function chartData(r: Report): unknown {
  const slowest = r.bottleneck.slowTraces[0];
  const labels = r.timeline.windows.map((w) => new Date(w.startMs).toISOString().slice(0, 16).replace('T', ' '));
  const components = r.components.map((c) => c.component);
  const patterns = r.errors.patterns.map((p) => p.id);
  return {
    labels,
    latency: [
      { label: 'request p50', data: r.timeline.windows.map((w) => w.requestP50Ms), dash: true },
      { label: 'request p90', data: r.timeline.windows.map((w) => w.requestP90Ms), dash: true },
      { label: 'request p99', data: r.timeline.windows.map((w) => w.requestP99Ms), dash: true },
      ...components.map((c) => ({ label: `${c} p99`, data: r.timeline.windows.map((w) => w.components[c]?.p99Ms ?? null), dash: false })),
    ],
    errors: patterns.map((id) => ({ label: id, data: r.timeline.windows.map((w) => w.errors[id] ?? 0) })),
    costByModel: { labels: r.cost.byModel.map((m) => m.key), data: r.cost.byModel.map((m) => m.costUsd) },
    waterfall:
      slowest === undefined
        ? null
        : {
            title: `trace ${slowest.traceId} — ${slowest.durationMs.toFixed(0)} ms`,
            // Non-breaking spaces: Chart.js trims ordinary leading spaces off tick labels.
            labels: slowest.spans.map((s) => `${'\u00a0\u00a0'.repeat(Math.min(s.depth, 6))}${s.name}`),
            data: slowest.spans.map((s) => [s.offsetMs, s.offsetMs + s.durationMs]),
            errors: slowest.spans.map((s) => s.error),
          },
  };
}

const PAGE_SCRIPT = `
(function () {
  var d = JSON.parse(document.getElementById('kensa-data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  var palette = ['#4e79a7','#f28e2b','#e15759','#76b7b2','#59a14f','#edc948','#b07aa1','#ff9da7','#9c755f','#bab0ac'];
  function color(i) { return palette[i % palette.length]; }
  new Chart(document.getElementById('chart-latency'), {
    type: 'line',
    data: { labels: d.labels, datasets: d.latency.map(function (s, i) { return { label: s.label, data: s.data, borderColor: color(i), backgroundColor: color(i), spanGaps: true, pointRadius: 0, borderWidth: s.dash ? 2.5 : 1.5, borderDash: s.dash ? [6, 3] : [] }; }) },
    options: { scales: { y: { type: 'logarithmic', title: { display: true, text: 'ms' } } }, plugins: { title: { display: true, text: 'Request p50/p90/p99 (dashed) and p99 by component over time' } } }
  });
  if (d.waterfall) {
    new Chart(document.getElementById('chart-waterfall'), {
      type: 'bar',
      data: { labels: d.waterfall.labels, datasets: [{ label: 'span', data: d.waterfall.data, backgroundColor: d.waterfall.errors.map(function (e) { return e ? '#e15759' : '#4e79a7'; }) }] },
      options: { indexAxis: 'y', scales: { x: { title: { display: true, text: 'ms from request start' } }, y: { ticks: { crossAlign: 'far' } } }, plugins: { legend: { display: false }, title: { display: true, text: 'Slowest request: ' + d.waterfall.title } } }
    });
  }
  new Chart(document.getElementById('chart-cost'), {
    type: 'bar',
    data: { labels: d.costByModel.labels, datasets: [{ label: 'USD', data: d.costByModel.data, backgroundColor: d.costByModel.labels.map(function (_, i) { return color(i); }) }] },
    options: { plugins: { legend: { display: false }, title: { display: true, text: 'Cost by model (USD)' } } }
  });
  new Chart(document.getElementById('chart-errors'), {
    type: 'bar',
    data: { labels: d.labels, datasets: d.errors.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: color(i + 2) }; }) },
    options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'failed spans' } } }, plugins: { title: { display: true, text: 'Error patterns over time' } } }
  });
})();
`;

/** One self-contained page: the text report plus four charts, with Chart.js inlined. */
export function renderHtml(r: Report): string {
  const data = JSON.stringify(chartData(r)).replace(/</g, '\\u003c');
  const compliance = r.sla.compliance === null ? '-' : `${(r.sla.compliance * 100).toFixed(2)}%`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kensa report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
.kpi { display: inline-block; margin-right: 32px; } .kpi b { font-size: 26px; display: block; }
.chart { position: relative; height: 340px; margin: 12px 0 28px; }
pre { background: #f6f8fa; padding: 12px; overflow-x: auto; font-size: 12px; }
</style>
</head>
<body>
<h1>Kensa report</h1>
<div id="kpis">
<div class="kpi"><b>${esc(compliance)}</b>within ${r.sla.targetMs} ms SLA</div>
<div class="kpi"><b>${r.sla.requests.toLocaleString('en-US')}</b>requests</div>
<div class="kpi"><b>${esc(r.bottleneck.overall?.component ?? '-')}</b>bottleneck</div>
<div class="kpi"><b>$${r.cost.totalUsd.toFixed(2)}</b>model cost</div>
<div class="kpi"><b>${r.errors.failedSpans.toLocaleString('en-US')}</b>failed spans</div>
</div>
<h2>Latency percentiles over time</h2>
<div class="chart"><canvas id="chart-latency"></canvas></div>
<h2>Slowest request</h2>
<div class="chart"><canvas id="chart-waterfall"></canvas></div>
<h2>Cost by model</h2>
<div class="chart"><canvas id="chart-cost"></canvas></div>
<h2>Error patterns over time</h2>
<div class="chart"><canvas id="chart-errors"></canvas></div>
<h2>Full report</h2>
<pre id="report-text">${esc(renderText(r))}</pre>
<script type="application/json" id="kensa-data">${data}</script>
<script>${scriptSafe(chartJsSource())}</script>
<script>${scriptSafe(PAGE_SCRIPT)}</script>
</body>
</html>
`;
}
