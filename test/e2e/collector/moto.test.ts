import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { BatchGetTracesCommand, GetTraceSummariesCommand, PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type Moto } from '../../harness/moto.js';

// The fake AWS endpoints must answer every call the collector's exporters make (awsxray: PutTraceSegments;
// awsemf and awscloudwatchlogs: CreateLogGroup, CreateLogStream, PutLogEvents, DescribeLogStreams) and the
// calls our tests read back with. If a moto upgrade drops one, this fails before the collector tests do.

describe('moto as the fake X-Ray and CloudWatch Logs endpoint', () => {
  let moto: Moto;

  beforeAll(async () => {
    moto = await startMoto();
  }, 10 * 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('stores segment documents and returns them by trace id and in trace summaries', async () => {
    const xray = new XRayClient(moto.clientConfig);
    const now = Date.now() / 1000;
    const traceId = `1-${Math.floor(now).toString(16)}-0123456789abcdef01234567`;
    const root = { id: '1111111111111111', trace_id: traceId, name: 'chat turn', start_time: now - 2, end_time: now - 0.5 };
    const child = { ...root, id: '2222222222222222', parent_id: root.id, type: 'subsegment', name: 'bedrock', annotations: { gen_ai_request_model: 'm' } };
    const put = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(root), JSON.stringify(child)] }));
    expect(put.UnprocessedTraceSegments ?? []).toEqual([]);

    const traces = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId, '1-00000000-000000000000000000000000'] }));
    expect(traces.UnprocessedTraceIds).toEqual(['1-00000000-000000000000000000000000']);
    const docs = (traces.Traces?.[0]?.Segments ?? []).map((s) => JSON.parse(s.Document ?? '{}'));
    expect(docs.map((d) => d.id).sort()).toEqual([root.id, child.id]);
    expect(docs.find((d) => d.id === child.id)?.annotations).toEqual({ gen_ai_request_model: 'm' });

    const summaries = await xray.send(
      new GetTraceSummariesCommand({ StartTime: new Date((now - 60) * 1000), EndTime: new Date((now + 60) * 1000) }),
    );
    expect(summaries.TraceSummaries?.map((s) => s.Id)).toContain(traceId);
  });

  it('creates log groups and streams, accepts events and returns them by stream and by filter', async () => {
    const logs = new CloudWatchLogsClient(moto.clientConfig);
    const logGroupName = '/kensa/moto-check';
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'a' }));
    const emf = { _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'K', Dimensions: [['d']], Metrics: [{ Name: 'm' }] }] }, d: 'x', m: 1 };
    await logs.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName: 'a',
        logEvents: [
          { timestamp: Date.now(), message: JSON.stringify(emf) },
          { timestamp: Date.now(), message: 'plain' },
        ],
      }),
    );
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual(['a']);
    const byStream = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 'a', startFromHead: true }));
    expect(byStream.events?.map((e) => e.message)).toEqual([JSON.stringify(emf), 'plain']);
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName }));
    expect(filtered.events).toHaveLength(2);

    await moto.reset();
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName }))).rejects.toThrow(/ResourceNotFound|does not exist/);
  });
});
