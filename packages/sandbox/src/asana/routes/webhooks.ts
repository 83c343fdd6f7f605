import type { FastifyInstance } from 'fastify';
import { asRoute, type AsDeps } from '../context.ts';
import { badRequest, bodyData, queryValue, sendErrors } from '../http.ts';
import { parseData, webhookData } from '../schemas.ts';
import { isLive } from '../store.ts';
import { handshake, newSecret, webhookJson, type AsWebhook, type HookResource } from '../webhooks.ts';
import { gid, parseGid } from '../world.ts';
import { fieldsOf, indexed, lookup, sendCollection, sendData, view } from './common.ts';

/** Establishing (with the handshake), listing, reading and deleting webhooks. */

export function registerWebhookRoutes(app: FastifyInstance, deps: AsDeps, hooks: AsWebhook[]): void {
  const { store } = deps;

  asRoute(app, deps, 'POST', '/webhooks', async (request, reply) => {
    const body = bodyData(request);
    if (!body.ok) return badRequest(reply, body.message);
    const parsed = parseData(webhookData, body.data);
    if (!parsed.ok) return badRequest(reply, parsed.message);
    const { resource: raw, target, filters = [] } = parsed.value;
    const found = lookup<HookResource>(reply, 'resource', raw, (v) => {
      const project = parseGid.project(v);
      if (project !== undefined && store.world.projects[project]) return { type: 'project', project };
      const task = parseGid.task(v);
      if (task !== undefined && isLive(store, task)) return { type: 'task', task };
      return parseGid.workspace(v) !== undefined ? { type: 'workspace' } : undefined;
    });
    if (!found.ok) return found.reply;
    if (found.value.type === 'workspace' && filters.length === 0) {
      return badRequest(reply, 'filters: Workspace webhooks require at least one filter');
    }
    const secret = newSecret();
    if (!(await handshake(target, secret))) {
      return sendErrors(
        reply,
        400,
        'Could not complete activation handshake with target URL. Please ensure that the receiving server is accepting connections and supports SSL',
      );
    }
    const hook: AsWebhook = {
      gid: gid.webhook(store.next.webhook++),
      resource: found.value,
      target,
      secret,
      filters,
      createdAt: store.nowMs(),
      lastSuccessAt: null,
    };
    hooks.push(hook);
    const json = webhookJson(store, hook);
    return reply.code(201).send({
      data: view(
        deps,
        fieldsOf(request),
        json,
        (h) => h,
        (h) => h,
      ),
      'X-Hook-Secret': secret,
    });
  });

  asRoute(app, deps, 'GET', '/webhooks', (request, reply) => {
    const workspace = lookup(reply, 'workspace', queryValue(request, 'workspace'), (v) =>
      parseGid.workspace(v),
    );
    if (!workspace.ok) return workspace.reply;
    const resource = queryValue(request, 'resource');
    const list = hooks.filter(
      (h) => resource === undefined || webhookJson(store, h).resource.gid === resource,
    );
    const fields = fieldsOf(request);
    return sendCollection(reply, request, deps, indexed(list), (h) =>
      view(
        deps,
        fields,
        webhookJson(store, h),
        (x) => x,
        (x) => x,
      ),
    );
  });

  asRoute(app, deps, 'GET', '/webhooks/:webhook_gid', (request, reply) => {
    const found = lookup(reply, 'webhook', (request.params as { webhook_gid: string }).webhook_gid, (v) =>
      hooks.find((h) => h.gid === v),
    );
    if (!found.ok) return found.reply;
    return sendData(
      reply,
      view(
        deps,
        fieldsOf(request),
        webhookJson(store, found.value),
        (x) => x,
        (x) => x,
      ),
    );
  });

  asRoute(app, deps, 'DELETE', '/webhooks/:webhook_gid', (request, reply) => {
    const found = lookup(reply, 'webhook', (request.params as { webhook_gid: string }).webhook_gid, (v) =>
      hooks.find((h) => h.gid === v),
    );
    if (!found.ok) return found.reply;
    hooks.splice(hooks.indexOf(found.value), 1);
    return sendData(reply, {});
  });
}
