'use strict';
// One user message: cache → session → vector search → prompt → Bedrock → parse → deliver.
// Business code only: the spans of the AWS SDK, OpenSearch, Redis and Bedrock calls come from
// the distro's instrumentations; the orchestrator adds spans for its own steps.

const { cacheKey } = require('./cache');
const { inSpan } = require('./tracing');

const SYSTEM_PROMPT = [
  'あなたはマンガ専門オンラインストアのアシスタントです。',
  'You are the assistant of an online manga store. Recommend titles from the catalogue excerpts',
  'provided, quote titles in 『』, answer in the language of the customer, and never invent prices.',
].join('\n');
const HISTORY_TURNS = 5;
const CONTEXT_CHUNKS = 3;

/** Runs `fn` in a child span named `name`. */
function step(name, attributes, fn) {
  return inSpan(name, { attributes }, fn);
}

class Orchestrator {
  /**
   * @param {{ cache: any, sessions: import('./sessions').SessionStore,
   *           search: import('./search').CatalogSearch, assistant: import('./assistant').Assistant }} deps
   */
  constructor({ cache, sessions, search, assistant }) {
    this.cache = cache;
    this.sessions = sessions;
    this.search = search;
    this.assistant = assistant;
  }

  /**
   * @param {{ sessionId: string, userId: string, text: string, padding?: string }} message
   * @param {{ send(frame: object): Promise<void> }} channel where the answer goes
   * @returns {Promise<{ text: string, cached: boolean, modelId?: string, usedFallback?: boolean }>}
   */
  async handle(message, channel) {
    const key = cacheKey(message.text);
    const cached = await this.cache.get(key).catch(() => null); // cache-aside: a cache outage is a bypass
    if (cached) {
      await this.#deliver(channel, { type: 'answer', text: cached, cached: true });
      return { text: cached, cached: true };
    }

    const session = await this.sessions.load(message.sessionId, message.userId);
    const chunks = await this.search.search(message.text).catch(() => []); // no context beats no answer
    const prompt = await step('orchestrator.build_prompt', { 'manga_assist.history_turns': session.turns.length }, () =>
      this.#buildPrompt(session, chunks, message.text),
    );

    const answer = await this.assistant.answer(prompt, (text) => {
      // Partial text goes out as it arrives; delivery failures surface at the final send.
      if (channel.isOpen()) channel.send({ type: 'delta', text }).catch(() => {});
    });

    const parsed = await step('response.parse', {}, (span) => {
      const titles = [...answer.text.matchAll(/『([^』]+)』/g)].map((m) => m[1]);
      span.setAttribute('manga_assist.recommendations', titles.length);
      return { titles };
    });

    await this.#saveTurn(session, { user: message.text, assistant: answer.text }, message.padding);
    await this.cache.set(key, answer.text).catch(() => {});
    await this.#deliver(channel, { type: 'answer', text: answer.text, titles: parsed.titles, model: answer.modelId });
    return { text: answer.text, cached: false, modelId: answer.modelId, usedFallback: answer.usedFallback };
  }

  #buildPrompt(session, chunks, text) {
    const context = chunks
      .slice(0, CONTEXT_CHUNKS)
      .map((c, i) => `[${i + 1}] 『${c.title}』 ${c.text}`)
      .join('\n');
    const messages = [];
    for (const turn of session.turns.slice(-HISTORY_TURNS)) {
      messages.push({ role: 'user', text: turn.user }, { role: 'assistant', text: turn.assistant });
    }
    messages.push({ role: 'user', text: context ? `Catalogue excerpts:\n${context}\n\nQuestion: ${text}` : text });
    return { system: SYSTEM_PROMPT, messages };
  }

  /**
   * Optimistic locking: on a conflict, reload the session once and append to the fresh copy.
   * An item over DynamoDB's 400 KB limit resets the session to the latest turn (old turns and
   * attachments are dropped) rather than failing the customer's request.
   */
  async #saveTurn(session, turn, padding) {
    try {
      await this.sessions.appendTurn(session, turn, { padding });
    } catch (err) {
      if (err.name === 'ConditionalCheckFailedException') {
        const fresh = await this.sessions.load(session.sessionId, session.userId);
        await this.sessions.appendTurn(fresh, turn, { padding });
      } else if (err.name === 'ValidationException' && /size/i.test(err.message)) {
        await this.sessions.appendTurn({ ...session, turns: [] }, turn);
      } else {
        throw err;
      }
    }
  }

  async #deliver(channel, frame) {
    await step('websocket.send', { 'manga_assist.frame': frame.type }, () => channel.send(frame));
  }
}

module.exports = { Orchestrator, SYSTEM_PROMPT };
