import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { WebhookVerifier } from '../adapter-factory.ts';

/**
 * Asana webhooks. Creating one starts a handshake: Asana POSTs an empty body with `X-Hook-Secret`, and the
 * receiver answers 200 echoing that header and stores the secret. Each later delivery carries
 * `X-Hook-Signature`, the hex HMAC-SHA256 of the raw body under that secret, and a body of `{"events": [...]}`
 * (an empty list is a heartbeat).
 */

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first?.trim();
  }
  return undefined;
}

/** The secret of a handshake request, to echo as `X-Hook-Secret` and store; null when it is no handshake. */
export function asanaHandshakeSecret(headers: Headers): string | null {
  const secret = header(headers, 'x-hook-secret');
  return secret !== undefined && /^[\x21-\x7e]{1,512}$/.test(secret) ? secret : null;
}

const resourceSchema = z.object({ gid: z.string().min(1), resource_type: z.string() }).loose();
const deliverySchema = z
  .object({
    events: z.array(
      z.object({ action: z.string(), resource: resourceSchema, parent: resourceSchema.nullish() }).loose(),
    ),
  })
  .loose();

export const asanaWebhook: WebhookVerifier = {
  verify(headers, rawBody, secret) {
    const signature = header(headers, 'x-hook-signature');
    if (secret === '' || signature === undefined || !/^[0-9a-f]{64}$/i.test(signature)) return false;
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    return timingSafeEqual(Buffer.from(signature, 'hex'), expected);
  },

  /** Tasks the events are about: task events by their own gid, story events (comments) by their parent task. */
  parse(body) {
    const parsed = deliverySchema.safeParse(body);
    if (!parsed.success) {
      throw new AppError('validation_error', 'not an Asana webhook delivery', {
        details: {
          issues: parsed.error.issues
            .slice(0, 5)
            .map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      });
    }
    const keys = new Set<string>();
    const projects = new Set<string>();
    for (const event of parsed.data.events) {
      if (event.resource.resource_type === 'task') keys.add(event.resource.gid);
      else if (event.resource.resource_type === 'story' && event.parent?.resource_type === 'task') {
        keys.add(event.parent.gid);
      }
      if (event.parent?.resource_type === 'project') projects.add(event.parent.gid);
    }
    const [project] = projects;
    return { keys: [...keys], projectKey: projects.size === 1 && project !== undefined ? project : null };
  },
};
