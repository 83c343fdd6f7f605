import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
  .optional();

const boolFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'must be one of 1, 0, true, false, yes, no, on, off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** An encryption key as `<key-id>:<base64 of 32 bytes>`. */
export const encryptionKeySpec = z.string().regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{40,64}$/, {
  error:
    'must look like <key-id>:<base64 of 32 random bytes> (generate one: npx digital-spiral keys generate)',
});

/**
 * Every environment variable the back end reads, in one schema. `.env.example` lists the same variables;
 * a test keeps the two in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl,
  DATABASE_MIGRATION_URL: postgresUrl,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default('ds:'),
  DS_ENCRYPTION_KEY: encryptionKeySpec.optional(),
  DS_ENCRYPTION_OLD_KEYS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const specs = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const spec of specs) {
        const parsed = encryptionKeySpec.safeParse(spec);
        if (!parsed.success)
          ctx.addIssue({ code: 'custom', message: 'each old key must look like <key-id>:<base64>' });
      }
      return specs;
    }),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT_API: port.default(8000),
  PORT_MCP_JIRA: port.default(8055),
  PORT_MCP_SQL: port.default(8056),
  HTTP_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  MCP_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const origins = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const origin of origins) {
        if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
          ctx.addIssue({ code: 'custom', message: 'each origin looks like https://host[:port]' });
        }
      }
      return origins;
    }),
  SYNC_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  MCP_JIRA_READ_ONLY: boolFlag.default(false),
  DS_DEMO: boolFlag.optional(),
});

export type Env = z.infer<typeof envSchema>;
