import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { WebhookVerifier } from '../adapter-factory.ts';

/**
 * Jira Cloud signs deliveries of webhooks registered with a secret as `X-Hub-Signature: sha256=<hex>`, the
 * HMAC-SHA256 of the raw body under that secret.
 */
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** The one value of a header, by case-insensitive name; several values (a proxy adding one) are ambiguous. */
function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const values = Object.entries(headers)
    .filter(([key]) => key.toLowerCase() === name)
    .flatMap(([, value]) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));
  return values.length === 1 ? values[0] : undefined;
}

/** Whether a delivery carries a valid signature of its raw body under `secret` (constant-time compare). */
export function verifyJiraSignature(
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  secret: string,
): boolean {
  if (secret === '') return false;
  const match = SIGNATURE.exec(headerOf(headers, 'x-hub-signature')?.trim() ?? '');
  if (match?.[1] === undefined) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const deliverySchema = z
  .object({
    webhookEvent: z.string().min(1),
    issue: z
      .object({
        key: z.string().min(1),
        fields: z
          .object({
            project: z
              .object({ key: z.string().min(1) })
              .loose()
              .nullish(),
          })
          .loose()
          .nullish(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** Events about one issue; they must name it. Others (sprints, versions) touch no item key. */
const ISSUE_EVENT = /^(jira:issue_|comment_|issue_property_|worklog_|attachment_|issuelink_)/;

/** The issue a delivery is about (`jira:issue_*`, `comment_*`), and its project. */
export function parseJiraDelivery(body: unknown): { keys: string[]; projectKey: string | null } {
  const parsed = deliverySchema.safeParse(body);
  if (!parsed.success) {
    throw new AppError('validation_error', 'Not a Jira webhook delivery.', {
      details: {
        issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    });
  }
  const { webhookEvent, issue } = parsed.data;
  if (issue === undefined) {
    if (ISSUE_EVENT.test(webhookEvent)) {
      throw new AppError('validation_error', `Jira webhook delivery ${webhookEvent} names no issue.`);
    }
    return { keys: [], projectKey: null };
  }
  const projectKey = issue.fields?.project?.key ?? /^(.+)-\d+$/.exec(issue.key)?.[1] ?? null;
  return { keys: [issue.key], projectKey };
}

export const jiraWebhookVerifier: WebhookVerifier = {
  verify: verifyJiraSignature,
  parse: parseJiraDelivery,
};
