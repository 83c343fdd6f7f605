import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino censors wherever they appear in a log object. Secrets must never reach a log line (rule 16);
 * code also avoids logging them, this is the net under it.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  'token',
  'secret',
  'credentials',
  'api_token',
  'apiToken',
  'access_token',
  'refresh_token',
  '*.authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.credentials',
  '*.api_token',
  '*.apiToken',
  '*.access_token',
  '*.refresh_token',
  '*.*.password',
  '*.*.token',
  '*.*.secret',
  '*.*.api_token',
];

/** JSON logs to stdout (or a given stream, in tests). */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'digital-spiral' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

export type { Logger };
