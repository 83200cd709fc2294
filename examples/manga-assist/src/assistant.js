'use strict';
// The model call: Bedrock Converse (or ConverseStream), with the SDK's retries and a fallback
// to a cheaper model when the primary one stays throttled.

const {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} = require('@aws-sdk/client-bedrock-runtime');

const DEFAULT_PRIMARY_MODEL = 'apac.anthropic.claude-3-5-sonnet-20241022-v2:0';
const DEFAULT_FALLBACK_MODEL = 'apac.anthropic.claude-3-haiku-20240307-v1:0';
const FALLBACK_ERRORS = new Set(['ThrottlingException', 'ServiceUnavailableException', 'ModelNotReadyException']);

class Assistant {
  /**
   * @param {{ endpoint?: string, region?: string, primaryModel?: string, fallbackModel?: string,
   *           stream?: boolean, maxTokens?: number, maxAttempts?: number, timeoutMs?: number }} options
   */
  constructor(options = {}) {
    const { endpoint, region = 'ap-northeast-1', maxAttempts = 3, timeoutMs = 10_000 } = options;
    this.client = new BedrockRuntimeClient({
      region,
      maxAttempts,
      requestHandler: { requestTimeout: timeoutMs },
      ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
    this.primaryModel = options.primaryModel ?? DEFAULT_PRIMARY_MODEL;
    this.fallbackModel = options.fallbackModel ?? DEFAULT_FALLBACK_MODEL;
    this.stream = options.stream ?? true;
    this.maxTokens = options.maxTokens ?? 800;
  }

  /**
   * @param {{ system: string, messages: Array<{ role: 'user'|'assistant', text: string }> }} prompt
   * @param {(text: string) => void} onText called for each piece of text as it arrives
   * @returns {Promise<{ text: string, modelId: string, stopReason?: string, usedFallback: boolean }>}
   */
  async answer(prompt, onText) {
    try {
      return { ...(await this.#call(this.primaryModel, prompt, onText)), usedFallback: false };
    } catch (err) {
      if (!FALLBACK_ERRORS.has(err.name) || this.fallbackModel === this.primaryModel) throw err;
      return { ...(await this.#call(this.fallbackModel, prompt, onText)), usedFallback: true };
    }
  }

  async #call(modelId, { system, messages }, onText) {
    const input = {
      modelId,
      system: [{ text: system }],
      messages: messages.map((m) => ({ role: m.role, content: [{ text: m.text }] })),
      inferenceConfig: { maxTokens: this.maxTokens, temperature: 0.3, topP: 0.9 },
    };
    if (!this.stream) {
      const out = await this.client.send(new ConverseCommand(input));
      const text = (out.output?.message?.content ?? []).map((c) => c.text ?? '').join('');
      onText(text);
      return { text, modelId, stopReason: out.stopReason };
    }
    const out = await this.client.send(new ConverseStreamCommand(input));
    let text = '';
    let stopReason;
    for await (const event of out.stream ?? []) {
      const delta = event.contentBlockDelta?.delta?.text;
      if (delta) {
        text += delta;
        onText(delta);
      }
      if (event.messageStop) stopReason = event.messageStop.stopReason;
    }
    return { text, modelId, stopReason };
  }

  close() {
    this.client.destroy();
  }
}

module.exports = { Assistant, DEFAULT_PRIMARY_MODEL, DEFAULT_FALLBACK_MODEL };
