import { BedrockRuntimeClient, ConverseCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

const client = new BedrockRuntimeClient({
  endpoint: process.env.BEDROCK_URL,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  maxAttempts: 1,
});
await client.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
const out = await client.send(
  new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: '{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[]}' }),
);
let chunks = 0;
for await (const _ of out.body) chunks++;
client.destroy();
const spans = globalThis.kensaSpanExporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes }));
process.stdout.write(JSON.stringify({ chunks, spans }));
