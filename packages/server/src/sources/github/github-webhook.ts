import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { WebhookVerifier } from '../adapter-factory.ts';

/**
 * GitHub repository webhooks: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` keyed with
 * the hook's secret. Deliveries of `issues`, `issue_comment` and `pull_request` name one item; others
 * (`ping`) name only the repository.
 */

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

const deliverySchema = z.looseObject({
  repository: z.looseObject({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/) }),
  issue: z.looseObject({ number: z.number().int().positive() }).optional(),
  pull_request: z.looseObject({ number: z.number().int().positive() }).optional(),
});

/** A JSON body, or a form-encoded one (`payload=<json>`, a hook's other content type). */
function payloadOf(body: unknown): unknown {
  if (Buffer.isBuffer(body)) return payloadOf(body.toString('utf8'));
  if (typeof body !== 'string') return body;
  const text = body.startsWith('payload=') ? (new URLSearchParams(body).get('payload') ?? '') : body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('validation_error', 'webhook: the body is not JSON');
  }
}

export const githubWebhook: WebhookVerifier = {
  verify(headers, rawBody, secret) {
    const match = SIGNATURE.exec(header(headers, 'x-hub-signature-256')?.trim() ?? '');
    if (!match?.[1] || secret === '') return false;
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    return timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
  },

  parse(body) {
    const parsed = deliverySchema.safeParse(payloadOf(body));
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      throw new AppError('validation_error', `webhook: not a GitHub repository delivery (${where})`);
    }
    const projectKey = parsed.data.repository.full_name;
    const number = parsed.data.issue?.number ?? parsed.data.pull_request?.number;
    return { keys: number === undefined ? [] : [`${projectKey}#${number}`], projectKey };
  },
};
