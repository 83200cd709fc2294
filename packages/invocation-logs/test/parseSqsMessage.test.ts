import { describe, expect, it } from 'vitest';
import { BmasError } from '../src/bmas';
import { parseSqsMessage } from '../src/parseSqsMessage';

const s3Body = (key: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key, eTag: 'abc', size: 3, ...extra } } }] });

describe('parseSqsMessage', () => {
  it('reads S3 notifications and decodes their URL-encoded keys', () => {
    expect(parseSqsMessage(s3Body('AWSLogs/1/my+logs/a%3Db.json.gz', { versionId: 'v1' }))).toEqual([
      { bucket: 'b', key: 'AWSLogs/1/my logs/a=b.json.gz', eTag: 'abc', versionId: 'v1', size: 3 },
    ]);
  });

  it('unwraps SNS and reads EventBridge Object Created events', () => {
    expect(parseSqsMessage(JSON.stringify({ Type: 'Notification', Message: s3Body('k') }))).toHaveLength(1);
    expect(parseSqsMessage(JSON.stringify({ 'detail-type': 'Object Created', detail: { bucket: { name: 'b' }, object: { key: 'k', etag: 'e' } } }))).toEqual([{ bucket: 'b', key: 'k', eTag: 'e' }]);
  });

  it('ignores the s3:TestEvent and non-create events', () => {
    expect(parseSqsMessage(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }))).toEqual([]);
    expect(parseSqsMessage(JSON.stringify({ Records: [{ eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'b' }, object: { key: 'k' } } }] }))).toEqual([]);
  });

  it('rejects anything else with BMAS-005', () => {
    for (const body of ['not json', '{"hello":1}', '{"Records":[{"s3":{}}]}', '[]']) {
      expect(() => parseSqsMessage(body)).toThrowError(BmasError);
      try {
        parseSqsMessage(body);
      } catch (error) {
        expect((error as BmasError).code).toBe('BMAS-005');
      }
    }
  });
});
