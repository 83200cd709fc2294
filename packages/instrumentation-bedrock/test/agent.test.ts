import { SpanStatusCode } from '@opentelemetry/api';
import * as sc from '@kensa/semconv';
import { describe, expect, it } from 'vitest';
import { agentClient, agentSdk, collectPoints, logs, onlySpan, server } from './setup';

const { RetrieveCommand, RetrieveAndGenerateCommand } = agentSdk;

describe('bedrock-agent-runtime', () => {
  it('Retrieve → a retrieval span with result count and relevance scores', async () => {
    const client = agentClient();
    const out = await client.send(new RetrieveCommand({ knowledgeBaseId: 'KB12345678', retrievalQuery: { text: 'fantasy manga' } }));
    expect(out.retrievalResults).toHaveLength(3);
    const span = onlySpan();
    expect(span.name).toBe('retrieval KB12345678');
    expect(span.attributes).toMatchObject({
      [sc.ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
      [sc.ATTR_GEN_AI_PROVIDER_NAME]: 'aws.bedrock',
      [sc.ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID]: 'KB12345678',
      [sc.ATTR_KENSA_RETRIEVAL_RESULTS]: 3,
      [sc.ATTR_KENSA_RETRIEVAL_SCORE_MIN]: 0.61,
      [sc.ATTR_KENSA_RETRIEVAL_SCORE_MAX]: 0.82,
    });
    expect(span.attributes[sc.ATTR_KENSA_RETRIEVAL_SCORE_MEAN]).toBeCloseTo((0.82 + 0.74 + 0.61) / 3, 10);
    expect((await collectPoints()).get(sc.METRIC_GEN_AI_CLIENT_OPERATION_DURATION)?.[0]?.attributes[sc.ATTR_GEN_AI_OPERATION_NAME]).toBe('retrieval');
    expect(logs()[0]?.attributes[sc.ATTR_KENSA_RETRIEVAL_RESULTS]).toBe(3);
    client.destroy();
  });

  it('Retrieve with no results records zero and no scores', async () => {
    server.enqueue({ kind: 'json', body: { retrievalResults: [] } });
    const client = agentClient();
    await client.send(new RetrieveCommand({ knowledgeBaseId: 'KBEMPTY123', retrievalQuery: { text: 'nothing' } }));
    const span = onlySpan();
    expect(span.attributes[sc.ATTR_KENSA_RETRIEVAL_RESULTS]).toBe(0);
    expect(span.attributes[sc.ATTR_KENSA_RETRIEVAL_SCORE_MIN]).toBeUndefined();
    client.destroy();
  });

  it('RetrieveAndGenerate → the generation model and the cited references', async () => {
    const client = agentClient();
    const modelArn = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
    await client.send(
      new RetrieveAndGenerateCommand({
        input: { text: 'fantasy manga' },
        retrieveAndGenerateConfiguration: { type: 'KNOWLEDGE_BASE', knowledgeBaseConfiguration: { knowledgeBaseId: 'KB12345678', modelArn } },
      }),
    );
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      [sc.ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
      [sc.ATTR_GEN_AI_REQUEST_MODEL]: modelArn,
      [sc.ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID]: 'KB12345678',
      [sc.ATTR_KENSA_RETRIEVAL_RESULTS]: 3,
      [sc.ATTR_KENSA_GEN_AI_MODEL_BASE_ID]: 'anthropic.claude-3-haiku-20240307-v1:0',
    });
    client.destroy();
  });

  it('a failed Retrieve is an error span with the AWS error name', async () => {
    server.enqueue({ kind: 'error', errorType: 'ResourceNotFoundException', message: 'no such knowledge base' });
    const client = agentClient();
    await expect(client.send(new RetrieveCommand({ knowledgeBaseId: 'KBMISSING1', retrievalQuery: { text: 'x' } }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes[sc.ATTR_ERROR_TYPE]).toBe('ResourceNotFoundException');
    client.destroy();
  });
});
