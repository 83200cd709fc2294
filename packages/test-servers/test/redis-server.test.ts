import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../src/index';

/** Sends one inline command and returns the first reply line, or the connection error's code. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.split('\r\n')[0]!);
      }
    });
  });
}

describe('RedisServer (a real redis-server on loopback)', () => {
  let redis: RedisServer | undefined;
  afterAll(() => redis?.stop());

  it('answers commands, goes away when killed and comes back empty on the same port', async () => {
    redis = await startRedisServer();
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await command(redis.port, 'SET manga frieren')).toBe('+OK');
    expect(await command(redis.port, 'GET manga')).toBe('$7');

    await redis.kill();
    expect(redis.isRunning).toBe(false);
    expect(await command(redis.port, 'PING')).toBe('ECONNREFUSED');

    await redis.restart();
    expect(await command(redis.port, 'PING')).toBe('+PONG');
    // No persistence: a restart is a cold cache, as after a failover to an empty replica.
    expect(await command(redis.port, 'GET manga')).toBe('$-1');
  });

  it('names the missing binary and how to install it', async () => {
    await expect(startRedisServer({ binary: 'redis-server-that-does-not-exist' })).rejects.toThrow(/apt-get install redis-server/);
  });
});
