import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { WebhookVerifier } from '../adapter-factory.ts';

/** How far a delivery's `webhookTimestamp` may be from now before it counts as a replay (Linear's advice). */
const MAX_SKEW_MS = 60_000;

const timestampSchema = z.object({ webhookTimestamp: z.number() }).loose();

const teamSchema = z.object({ key: z.string().min(1) }).loose();
const issueEventSchema = z
  .object({
    type: z.literal('Issue'),
    data: z.object({ identifier: z.string().min(1), team: teamSchema.optional() }).loose(),
  })
  .loose();
const commentEventSchema = z
  .object({
    type: z.literal('Comment'),
    data: z
      .object({
        issueId: z.string().min(1).nullable().optional(),
        issue: z
          .object({ identifier: z.string().min(1), team: teamSchema.optional() })
          .loose()
          .nullable()
          .optional(),
      })
      .loose(),
  })
  .loose();
const envelopeSchema = z
  .object({ type: z.string().min(1), action: z.string().min(1), data: z.unknown() })
  .loose();

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Hex HMAC-SHA256 of the raw body with `secret`, compared in constant time. */
function signatureMatches(signature: string, rawBody: Buffer, secret: string): boolean {
  if (!/^[0-9a-f]+$/i.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function freshEnough(rawBody: Buffer, now: number): boolean {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return false;
  }
  const parsed = timestampSchema.safeParse(body);
  return parsed.success && Math.abs(now - parsed.data.webhookTimestamp) <= MAX_SKEW_MS;
}

/**
 * Linear's webhooks: `linear-signature` is the hex HMAC-SHA256 of the raw body with the webhook's signing secret;
 * a delivery whose `webhookTimestamp` (ms, in the body) is more than a minute from `now` is refused as a replay.
 * Issue events name the issue by identifier; Comment events by `data.issue.identifier`, or only by `data.issueId`
 * (the issue's UUID, which `getItem` accepts as well). Other resource types (projects, cycles, labels...) touch
 * no item.
 */
export function createLinearWebhookVerifier(now: () => number = Date.now): WebhookVerifier {
  return {
    verify(headers, rawBody, secret) {
      const signature = headerOf(headers, 'linear-signature');
      if (signature === undefined || secret === '') return false;
      return signatureMatches(signature.trim(), rawBody, secret) && freshEnough(rawBody, now());
    },
    parse(body) {
      const envelope = envelopeSchema.safeParse(body);
      if (!envelope.success) {
        throw new AppError(
          'validation_error',
          'linear webhook: not a data change event (type, action, data)',
        );
      }
      if (envelope.data.type === 'Issue') {
        const event = issueEventSchema.safeParse(body);
        if (!event.success)
          throw new AppError('validation_error', 'linear webhook: Issue event without data.identifier');
        return { keys: [event.data.data.identifier], projectKey: event.data.data.team?.key ?? null };
      }
      if (envelope.data.type === 'Comment') {
        const event = commentEventSchema.safeParse(body);
        const data = event.success ? event.data.data : null;
        const key = data?.issue?.identifier ?? data?.issueId ?? null;
        if (key === null) {
          throw new AppError(
            'validation_error',
            'linear webhook: Comment event without data.issue.identifier or data.issueId',
          );
        }
        return { keys: [key], projectKey: data?.issue?.team?.key ?? null };
      }
      return { keys: [], projectKey: null };
    },
  };
}
