'use strict';
// Conversation sessions in DynamoDB, with optimistic locking on a version number so that two
// writers of one session never silently overwrite each other.

const {
  DynamoDBClient,
  CreateTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  GetItemCommand,
  PutItemCommand,
} = require('@aws-sdk/client-dynamodb');

const MAX_TURNS_KEPT = 20;

class SessionStore {
  /**
   * @param {{ endpoint?: string, region?: string, tableName?: string }} options
   */
  constructor({ endpoint, region = 'ap-northeast-1', tableName = 'manga-assist-sessions' } = {}) {
    this.tableName = tableName;
    this.client = new DynamoDBClient({
      region,
      ...(endpoint
        ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
      maxAttempts: 2,
    });
  }

  /**
   * Creates the table when it does not exist (local endpoints start empty). Looks it up with
   * ListTables rather than probing with DescribeTable, so start-up leaves no error spans behind.
   */
  async ensureTable() {
    let startKey;
    do {
      const page = await this.client.send(new ListTablesCommand({ ExclusiveStartTableName: startKey }));
      if (page.TableNames?.includes(this.tableName)) return;
      startKey = page.LastEvaluatedTableName;
    } while (startKey);
    await this.client.send(
      new CreateTableCommand({
        TableName: this.tableName,
        AttributeDefinitions: [{ AttributeName: 'sessionId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'sessionId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    for (let i = 0; i < 50; i++) {
      const { Table } = await this.client.send(new DescribeTableCommand({ TableName: this.tableName }));
      if (Table?.TableStatus === 'ACTIVE') return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** @returns {Promise<{ sessionId: string, userId: string, version: number, turns: Array<{user: string, assistant: string}> }>} */
  async load(sessionId, userId) {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { sessionId: { S: sessionId } }, ConsistentRead: true }),
    );
    if (!Item) return { sessionId, userId, version: 0, turns: [] };
    return {
      sessionId,
      userId: Item.userId?.S ?? userId,
      version: Number(Item.version?.N ?? 0),
      turns: JSON.parse(Item.turns?.S ?? '[]'),
    };
  }

  /**
   * Appends a turn. Fails with ConditionalCheckFailedException when another writer saved the
   * session since it was loaded, and with ValidationException when the item passes 400 KB.
   */
  async appendTurn(session, turn, { padding = '' } = {}) {
    const turns = [...session.turns, turn].slice(-MAX_TURNS_KEPT);
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          sessionId: { S: session.sessionId },
          userId: { S: session.userId },
          version: { N: String(session.version + 1) },
          turns: { S: JSON.stringify(turns) },
          updatedAt: { S: new Date().toISOString() },
          ...(padding ? { attachments: { S: padding } } : {}),
        },
        ConditionExpression: 'attribute_not_exists(sessionId) OR version = :expected',
        ExpressionAttributeValues: { ':expected': { N: String(session.version) } },
      }),
    );
    return { ...session, version: session.version + 1, turns };
  }

  close() {
    this.client.destroy();
  }
}

module.exports = { SessionStore };
