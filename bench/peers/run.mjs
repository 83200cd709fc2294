// Runs the baseline and every instrumentation in its own process (their patches never meet), judges each
// result against the baseline, prints the table and writes it to RESULTS.md.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { scenarios } from './scenarios.mjs';
import { setups } from './setups.mjs';
import { judge } from './checks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const TIMEOUT_MS = 60_000;
// Every process starts from the same defaults: no content-capture switch or exporter setting from the
// caller's shell may reach an instrumentation.
const CHILD_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OTEL_|KENSA_|TRACELOOP_|OPENLIT_|OPENINFERENCE_|AWS_)/.test(k)));

function runWorker(name) {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(here, 'worker.mjs'), name], { cwd: here, env: CHILD_ENV, timeout: TIMEOUT_MS, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT@@'));
      if (line) return resolve(JSON.parse(line.slice('@@RESULT@@'.length)));
      const why = err?.killed ? `timed out after ${TIMEOUT_MS / 1000} s` : (stderr.trim().split('\n').pop() ?? String(err));
      resolve({ name, setupError: `process failed: ${why}`, results: [] });
    });
  });
}

function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

const names = Object.keys(setups).filter((n) => n !== 'baseline');
const started = Date.now();
const baseline = await runWorker('baseline');
if (baseline.setupError || baseline.results.length !== scenarios.length) {
  console.error(`baseline failed: ${baseline.setupError ?? 'missing results'}`);
  process.exit(1);
}
const runs = {};
for (const name of names) {
  runs[name] = await runWorker(name);
  process.stderr.write(`${name}: ${runs[name].setupError ?? 'done'}\n`);
}

const header = `| # | scenario | check | ${names.map((n) => `${n}`).join(' | ')} |`;
const lines = [header, `|---|---|---|${names.map(() => '---').join('|')}|`];
const right = Object.fromEntries(names.map((n) => [n, 0]));
let total = 0;
for (const scenario of scenarios) {
  const base = baseline.results.find((r) => r.id === scenario.id);
  const cells = {};
  for (const name of names) {
    const run = runs[name];
    const r = run.results.find((x) => x.id === scenario.id);
    cells[name] = r ? judge(scenario, r, base, run.stray ?? []) : null;
  }
  const labels = judge(scenario, base, base, []).map(([label]) => label);
  labels.forEach((label, i) => {
    total++;
    const row = names.map((n) => {
      const cell = cells[n] ? cells[n][i][1] : `✗ ${runs[n].setupError ?? 'no result'}`;
      if (cell === '✓') right[n]++;
      return cell.replaceAll('|', '\\|');
    });
    lines.push(`| ${i === 0 ? scenario.id : ''} | ${i === 0 ? scenario.title : ''} | ${label} | ${row.join(' | ')} |`);
  });
}
lines.push(`| | **rows right** | | ${names.map((n) => `**${right[n]}/${total}**`).join(' | ')} |`);

const versions = names.map((n) => `${n}: \`${setups[n].pkg}\` ${version(setups[n].pkg)}`).join(' · ');
const doc = [
  `Run ${new Date().toISOString().slice(0, 10)} on Node ${process.versions.node} with \`@aws-sdk/client-bedrock-runtime\` ${version('@aws-sdk/client-bedrock-runtime')}, \`npm run compare:peers\` (the seven processes took ${((Date.now() - started) / 1000).toFixed(0)} s, after the build and \`npm ci\`).`,
  '',
  `Versions: ${versions}.`,
  '',
  'Each instrumentation runs in its own process, installed as its README says, with default options (no `OTEL_*`, `KENSA_*`, `TRACELOOP_*`, `OPENLIT_*`, `OPENINFERENCE_*` or `AWS_*` variable from the caller), against the local Bedrock server from `@kensa/test-servers`. "behaviour preserved" compares what the app saw (result, error name and message, every stream event) with an uninstrumented process. "span ended" counts spans started and ended (for the AWS distro and OpenLIT, which build their own SDK: a span exported after the call settled and a flush). Token, cost, finish-reason, first-chunk and error checks read each instrumentation\'s own attribute names and compare values with the scripted response (cost with AWS list prices). ✗ absent = the instrumentation recorded nothing for it.',
  '',
  ...lines,
  '',
];
writeFileSync(join(here, 'RESULTS.md'), `# Side by side with the peers\n\n${doc.join('\n')}`);
console.log(doc.join('\n'));
const kensaWrong = right.kensa !== total;
if (kensaWrong) console.error(`kensa is not right on ${total - right.kensa} row(s)`);
process.exit(kensaWrong ? 1 : 0);
