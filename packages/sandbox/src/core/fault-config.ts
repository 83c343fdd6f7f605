import { z } from 'zod';

/**
 * Faults a service port injects, set at start-up (config) or at run time (`PUT /_sandbox/faults`).
 * A PUT replaces the whole configuration: omitted members fall back to "no fault".
 */
export const FaultConfigSchema = z
  .object({
    /** Fixed delay added to every request. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Extra delay drawn uniformly from [0, jitterMs]. */
    jitterMs: z.number().int().min(0).max(60_000).default(0),
    /** Per-credential limit: at most `requests` per `windowSeconds`; null means unlimited. */
    rateLimit: z
      .object({
        requests: z.number().int().min(1).max(1_000_000),
        windowSeconds: z.number().int().min(1).max(86_400),
      })
      .strict()
      .nullable()
      .default(null),
    /** Probability of an injected 5xx answer. */
    errorRate: z.number().min(0).max(1).default(0),
    /** Statuses an injected 5xx is drawn from, uniformly. */
    errorStatuses: z
      .array(z.union([z.literal(500), z.literal(502), z.literal(503)]))
      .min(1)
      .default([500, 502, 503]),
    /** Probability that a request is held `timeoutMs` and then dropped without an answer. */
    timeoutRate: z.number().min(0).max(1).default(0),
    timeoutMs: z.number().int().min(0).max(600_000).default(30_000),
    /** Probability that the connection is reset without an answer. */
    resetRate: z.number().min(0).max(1).default(0),
  })
  .strict()
  .refine((f) => f.errorRate + f.timeoutRate + f.resetRate <= 1, {
    message: 'errorRate + timeoutRate + resetRate must not exceed 1',
    path: ['errorRate'],
  });

export type FaultConfig = z.infer<typeof FaultConfigSchema>;
export type FaultConfigInput = z.input<typeof FaultConfigSchema>;
