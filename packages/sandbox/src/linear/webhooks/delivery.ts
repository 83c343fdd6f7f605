import { createHmac } from 'node:crypto';
import type { ServiceOptions } from '../../core/service.ts';
import { iso } from '../world/dates.ts';
import type { LinearStore, StoreChange } from '../world/store.ts';
import { actorPayload, commentData, issueData, issueUrl } from './payloads.ts';
import type { WebhookRegistry } from './registry.ts';

/** Linear's signature: HMAC-SHA256 of the raw body with the webhook's secret, hex, in `linear-signature`. */
export function signLinearBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Turns every store change into data-change webhook deliveries for the webhooks that subscribed to the resource type
 * and team. `webhookTimestamp` (ms) sits in the body, as Linear's, so receivers can refuse replays.
 */
export function deliverChanges(
  store: LinearStore,
  registry: WebhookRegistry,
  deliver: ServiceOptions['deliverWebhook'],
  now: () => Date,
): void {
  let deliveries = 0;
  store.onChange((change: StoreChange) => {
    const issue = change.type === 'Issue' ? change.issue : change.comment.issue;
    const hooks = registry.subscribers(change.type, store.table.team[issue]!);
    if (hooks.length === 0) return;
    const data =
      change.type === 'Issue' ? issueData(store, change.issue) : commentData(store, change.comment);
    const url =
      change.type === 'Issue'
        ? issueUrl(store, issue)
        : `${issueUrl(store, issue)}#comment-${change.comment.id.slice(0, 8)}`;
    for (const hook of hooks) {
      const payload: Record<string, unknown> = {
        action: change.action,
        actor: actorPayload(store.world, change.actor),
        createdAt: iso(change.at),
        data,
        type: change.type,
        url,
        organizationId: store.world.org.id,
        webhookTimestamp: now().getTime(),
        webhookId: hook.id,
      };
      if (change.type === 'Issue' && change.action === 'update') payload['updatedFrom'] = change.updatedFrom;
      const body = JSON.stringify(payload);
      deliver(hook.url, body, {
        'content-type': 'application/json; charset=utf-8',
        'linear-delivery': store.codec.encode('delivery', deliveries++),
        'linear-event': change.type,
        'linear-signature': signLinearBody(body, hook.secret),
        'user-agent': 'Linear-Webhook',
      });
    }
  });
}
