import { Redis } from 'ioredis';
import { AppError } from '../errors/app-error.ts';

export interface RedisClientOptions {
  /** Receives connection errors, with the URL's password removed from the message. */
  onError: (error: Error) => void;
  /** Shown in `CLIENT LIST`, e.g. `ds-api`. */
  connectionName?: string;
  /** A command without an answer after this long fails instead of holding its request. */
  commandTimeoutMs?: number;
}

/** Longest pause between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Creates an ioredis client that connects on first use. While Redis is down, commands fail after one
 * reconnection attempt rather than queueing for long, so requests answer with an error instead of hanging;
 * the client keeps reconnecting in the background. The URL never appears in errors: its password would.
 */
export function createRedisClient(url: string, options: RedisClientOptions): Redis {
  let password: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error('not a Redis URL');
    password = decodeURIComponent(parsed.password);
  } catch {
    throw new AppError('internal', 'The Redis URL is invalid (expected redis:// or rediss://).');
  }
  const client = new Redis(url, {
    lazyConnect: true,
    // Needed for the first command of a lazy client; bounded by maxRetriesPerRequest.
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    commandTimeout: options.commandTimeoutMs ?? 5000,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    ...(options.connectionName === undefined ? {} : { connectionName: options.connectionName }),
  });
  client.on('error', (error: Error) => options.onError(redacted(error, password)));
  return client;
}

/** A copy of `error` whose message and stack cannot contain `secret`; the original is dropped on purpose. */
function redacted(error: Error, secret: string): Error {
  const scrub = (text: string): string =>
    secret === '' ? text : text.split(secret).join('***').split(encodeURIComponent(secret)).join('***');
  const copy = new Error(scrub(error.message));
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}
