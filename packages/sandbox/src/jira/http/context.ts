import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JiraStore } from '../data/store.ts';
import { ISSUE_NOT_FOUND } from '../failure.ts';
import type { ResultCache } from '../search/execute.ts';
import type { RenderContext } from '../render/fields.ts';
import type { Refs } from '../render/refs.ts';
import type { JiraWebhooks } from '../webhooks.ts';
import type { WriteContext } from '../writes/record.ts';
import { sendFailure } from './replies.ts';

/** What the Jira routes share. */
export interface JiraContext {
  store: JiraStore;
  refs(): Refs;
  nowMs(): number;
  searchCache: ResultCache;
  webhooks: JiraWebhooks;
  /** Person index of the authenticated caller (set by the auth hook). */
  actors: WeakMap<FastifyRequest, number>;
}

export function actorOf(ctx: JiraContext, request: FastifyRequest): number {
  return ctx.actors.get(request) ?? 0;
}

export function renderContext(ctx: JiraContext): RenderContext {
  return { store: ctx.store, refs: ctx.refs(), nowMs: ctx.nowMs() };
}

export function writeContext(ctx: JiraContext, request: FastifyRequest): WriteContext {
  return { store: ctx.store, actor: actorOf(ctx, request), nowMs: ctx.nowMs() };
}

/** Index of the issue named by `:issueIdOrKey`, or null after answering Jira's 404. */
export function issueParam(ctx: JiraContext, request: FastifyRequest, reply: FastifyReply): number | null {
  const { issueIdOrKey } = request.params as { issueIdOrKey?: string };
  const index = ctx.store.find(issueIdOrKey ?? '');
  if (index < 0) {
    void sendFailure(reply, { status: 404, errorMessages: [ISSUE_NOT_FOUND], errors: {} });
    return null;
  }
  return index;
}

/** A non-negative integer query parameter with a default and an upper bound. */
export function intParam(value: unknown, fallback: number, max: number): number {
  const n =
    typeof value === 'string' && /^-?\d+$/.test(value)
      ? Number(value)
      : typeof value === 'number'
        ? value
        : fallback;
  return Math.min(max, Math.max(0, Math.trunc(n)));
}
