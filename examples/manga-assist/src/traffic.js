'use strict';
// Traffic for the example: chat sessions over the WebSocket, and fault scenarios selectable by
// name. Each scenario says what it injects and which diagnosis the report should reach: the
// scenario is the oracle the end-to-end tests check the report against.

const { randomUUID } = require('node:crypto');
const { WebSocket } = require('ws');

const QUESTIONS = [
  '冒険ものでおすすめのマンガはありますか？',
  'I loved Frieren. What should I read next?',
  '小学生の子どもに読ませたい名作を教えてください。',
  'Is there a good cooking manga with a fantasy setting?',
  '完結済みのスポーツ漫画で短めのものは？',
  'Recommend a slice-of-life series about art school.',
  '最新刊が出たばかりの人気作品は？',
  'Which historical manga is closest to Vinland Saga?',
];

/**
 * @typedef {{ bedrock: { faults: any }, search: { faults: any } }} Backends
 * @typedef {{ name: string, injects: string, expect: { pattern?: string, finding?: string },
 *            start?(backends: Backends, app: AppClient): Promise<void> | void,
 *            stop?(backends: Backends, app: AppClient): Promise<void> | void,
 *            send(ctx: SendContext): Promise<void> }} Scenario
 */

/** One chat client: a WebSocket connection that sends a message and waits for the answer. */
class AppClient {
  constructor(url) {
    this.url = url;
  }

  /** Sends one message on a fresh connection; resolves with the final frame (answer or error). */
  ask(message, { closeEarly = false, timeoutMs = 15_000 } = {}) {
    return new Promise((resolve) => {
      const ws = new WebSocket(this.url);
      const done = (frame) => {
        clearTimeout(timer);
        ws.terminate();
        resolve(frame);
      };
      const timer = setTimeout(() => done({ type: 'timeout' }), timeoutMs);
      ws.on('error', (err) => done({ type: 'error', error: err.message }));
      ws.on('open', () => {
        ws.send(JSON.stringify(message));
        // The customer closes the app before the answer arrives: delivery hits a gone connection.
        if (closeEarly) setTimeout(() => done({ type: 'closed' }), 5);
      });
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === 'answer' || frame.type === 'error') done(frame);
      });
    });
  }

  /** Sends a control frame (fault switches inside the app). */
  control(frame) {
    return this.ask({ type: 'control', ...frame }, { timeoutMs: 2000 });
  }
}

let sessionCounter = 0;
function newSession(prefix = 'sess') {
  sessionCounter += 1;
  return { sessionId: `${prefix}-${sessionCounter}-${randomUUID().slice(0, 8)}`, userId: `user-${sessionCounter % 50}`, turn: 0 };
}

function question(i) {
  return QUESTIONS[i % QUESTIONS.length];
}

async function ask(app, session, text, extra = {}, options = {}) {
  session.turn += 1;
  return app.ask({ sessionId: session.sessionId, userId: session.userId, turn: session.turn, text, ...extra }, options);
}

const LONG_HISTORY_TEXT = 'この作品の登場人物と各巻のあらすじを詳しく教えてください。'.repeat(120);

/** @type {Record<string, Scenario>} */
const SCENARIOS = {
  baseline: {
    name: 'baseline',
    injects: 'nothing: clean traffic within every budget',
    expect: { finding: 'healthy' },
    send: ({ app, session, i }) => ask(app, session, i % 4 === 3 ? question(i) : `${question(i)} (${i})`), // some repeats hit the cache
  },
  throttle_burst: {
    name: 'throttle_burst',
    injects: 'Bedrock throttles the primary model; the app retries and falls back to Haiku',
    expect: { pattern: 'EP-001' },
    start: ({ bedrock }) => void (bedrock.faults.throttlePrimary = true),
    stop: ({ bedrock }) => void (bedrock.faults.throttlePrimary = false),
    send: ({ app, session, i }) => ask(app, session, `${question(i)} (${i})`),
  },
  long_context_timeout: {
    name: 'long_context_timeout',
    injects: 'very long prompts make the model time out (ModelTimeoutException)',
    expect: { pattern: 'EP-002' },
    start: ({ bedrock }) => void (bedrock.faults.timeoutAboveTokens = 4000),
    stop: ({ bedrock }) => void (bedrock.faults.timeoutAboveTokens = undefined),
    send: ({ app, session, i }) => ask(app, session, `${LONG_HISTORY_TEXT.repeat(2)} (${i})`),
  },
  slow_vector_search: {
    name: 'slow_vector_search',
    injects: 'the vector search takes 600–900 ms (budget 300 ms)',
    expect: { finding: 'budget:opensearch_vector' },
    start: ({ search }) => void (search.faults.latencyMs = [600, 900]),
    stop: ({ search }) => void (search.faults.latencyMs = undefined),
    send: ({ app, session, i }) => ask(app, session, `${question(i)} [${i}]`),
  },
  low_relevance: {
    name: 'low_relevance',
    injects: 'the vector search returns only weak matches (best score < 0.3), as after a bad re-index',
    expect: { finding: 'low_relevance' },
    start: ({ search }) => void (search.faults.maxScore = 0.25),
    stop: ({ search }) => void (search.faults.maxScore = undefined),
    send: ({ app, session, i }) => ask(app, session, `${question(i)} {${i}}`),
  },
  session_conflict: {
    name: 'session_conflict',
    injects: 'two messages of one session are written concurrently, and one session item grows past 400 KB',
    expect: { pattern: 'EP-006' },
    send: async ({ app, session, i }) => {
      const text = `${question(i)} <${i}>`;
      const twin = { ...session };
      await Promise.all([ask(app, session, text), ask(app, twin, `${text}!`)]);
      if (i % 3 === 0) await ask(app, session, `${text}?`, { padding: 'x'.repeat(410 * 1024) });
    },
  },
  cache_failover: {
    name: 'cache_failover',
    injects: 'the cache cluster is failing over (CLUSTERDOWN; with a real Redis, the server is killed); requests bypass it',
    expect: { pattern: 'EP-007' },
    start: ({ redis }, app) => (redis ? redis.kill() : app.control({ cache: 'down' }).then(() => {})),
    stop: ({ redis }, app) => (redis ? redis.restart() : app.control({ cache: 'up' }).then(() => {})),
    send: ({ app, session, i }) => ask(app, session, `${question(i)} #${i}`),
  },
  content_filter: {
    name: 'content_filter',
    injects: 'the guardrail intervenes on every answer',
    expect: { pattern: 'EP-005' },
    start: ({ bedrock }) => void (bedrock.faults.contentFilter = true),
    stop: ({ bedrock }) => void (bedrock.faults.contentFilter = false),
    send: ({ app, session, i }) => ask(app, session, `${question(i)} ~${i}`),
  },
  websocket_gone: {
    name: 'websocket_gone',
    injects: 'customers close the connection before the answer is delivered',
    expect: { pattern: 'EP-010' },
    send: ({ app, session, i }) => ask(app, session, `${question(i)} @${i}`, {}, { closeEarly: true }).then(() =>
      // Let the server finish the request it is still working on before the next one.
      new Promise((r) => setTimeout(r, 1500)),
    ),
  },
  context_overflow: {
    name: 'context_overflow',
    injects: 'a long conversation fills the practical prompt budget',
    expect: { finding: 'context:critical' },
    send: ({ app, session, i }) => ask(app, session, `${LONG_HISTORY_TEXT} (${i})`),
  },
};

/** The demo's mix: clean traffic around one short burst of every fault. */
const MIXED_PHASES = [
  'baseline', 'throttle_burst', 'baseline', 'slow_vector_search', 'low_relevance', 'cache_failover',
  'baseline', 'session_conflict', 'content_filter', 'websocket_gone', 'context_overflow', 'long_context_timeout', 'baseline',
];

/**
 * Runs one scenario for `durationMs` with `concurrency` parallel sessions.
 * @returns {Promise<{ scenario: string, requests: number, answers: number, errors: number }>}
 */
async function runScenario(name, { app, backends, durationMs = 5000, concurrency = 4 }) {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const stats = { scenario: name, requests: 0, answers: 0, errors: 0 };
  await scenario.start?.(backends, app);
  try {
    const deadline = Date.now() + durationMs;
    let i = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const session = newSession(name);
        while (Date.now() < deadline) {
          const n = i++;
          stats.requests += 1;
          try {
            await scenario.send({ app, session, i: n });
            stats.answers += 1;
          } catch {
            stats.errors += 1;
          }
        }
      }),
    );
  } finally {
    await scenario.stop?.(backends, app);
  }
  return stats;
}

/** Runs the demo's mixed phases over about `durationMs` in total. */
async function runMixed({ app, backends, durationMs = 60_000, concurrency = 4, onPhase }) {
  const phaseMs = Math.max(500, Math.floor(durationMs / MIXED_PHASES.length));
  const results = [];
  for (const phase of MIXED_PHASES) {
    onPhase?.(phase, SCENARIOS[phase]);
    results.push(await runScenario(phase, { app, backends, durationMs: phaseMs, concurrency }));
  }
  return results;
}

module.exports = { AppClient, SCENARIOS, MIXED_PHASES, runScenario, runMixed };
